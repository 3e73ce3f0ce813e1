type AsyncMethod = (...args: never[]) => Promise<unknown>;
type AsyncMethodsOf<T> = { [K in keyof T]: T[K] extends AsyncMethod ? K : never }[keyof T];

/** Runs `load` once, on first need; a failed load is tried again on the next need. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

type ListingMethod = (...args: never[]) => AsyncIterable<unknown>;
type ListingMethodsOf<T> = { [K in keyof T]: T[K] extends ListingMethod ? K : never }[keyof T];

/**
 * Stands in for an adapter that most invocations never use (SNS, Secrets Manager, remediation,
 * continuation, the readers of another function's resources): its module and SDK client are
 * imported on its first call, from a chunk of their own once bundled, so a cold start pays only
 * for the code every invocation runs. `listings` are its methods that return an async iterable.
 */
export function lazyAdapter<T, K extends AsyncMethodsOf<T>, L extends ListingMethodsOf<T> = never>(
  load: () => Promise<T>,
  methods: readonly K[],
  listings: readonly L[] = [],
): Pick<T, K | L> {
  const target = once(load);
  const call = (adapter: T, method: K | L, args: unknown[]) =>
    (adapter[method] as (...args: unknown[]) => unknown).apply(adapter, args);
  return Object.fromEntries([
    ...methods.map((method) => [method, async (...args: unknown[]) => call(await target(), method, args)]),
    ...listings.map((listing) => [
      listing,
      async function* (...args: unknown[]) {
        yield* call(await target(), listing, args) as AsyncIterable<unknown>;
      },
    ]),
  ]) as Pick<T, K | L>;
}
