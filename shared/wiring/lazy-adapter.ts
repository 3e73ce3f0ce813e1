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

/**
 * Stands in for an adapter that most invocations never use (SNS, Secrets Manager, remediation,
 * continuation): its module and SDK client are imported on its first call, from a chunk of their
 * own once bundled, so a cold start pays only for the code every invocation runs.
 */
export function lazyAdapter<T, K extends AsyncMethodsOf<T>>(
  load: () => Promise<T>,
  methods: readonly K[],
): Pick<T, K> {
  const target = once(load);
  return Object.fromEntries(
    methods.map((method) => [
      method,
      async (...args: unknown[]) => {
        const adapter = await target();
        return (adapter[method] as (...args: unknown[]) => Promise<unknown>).apply(adapter, args);
      },
    ]),
  ) as Pick<T, K>;
}
