import fc from "fast-check";

type Json = unknown;

/** Every path into a JSON value, so a mutation can land anywhere in an event. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }
  return [prefix];
}

function setAt(root: Json, path: (string | number)[], replace: (old: Json) => Json | typeof REMOVE): Json {
  if (path.length === 0) {
    const next = replace(root);
    return next === REMOVE ? undefined : next;
  }
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, Json>;
  const next = setAt(copy[head!], rest, replace);
  if (next === undefined && rest.length === 0) delete copy[head!];
  else copy[head!] = next;
  return copy;
}

const REMOVE = Symbol("remove");

/** Hostile values: wrong types, huge strings, deep nesting, unicode, nothing. */
const hostile: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constant("x".repeat(300_000)),
  fc.constant("\u202e\u0000\ud83d\udd11"),
  fc.integer().map((depth) => {
    let nested: Json = "deep";
    for (let i = 0; i < 1 + (Math.abs(depth) % 500); i++) nested = { nested };
    return nested;
  }),
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}),
);

/** A real sample with one to three fields dropped, retyped or replaced with hostile values. */
export function mutatedSample(samples: Json[]): fc.Arbitrary<Json> {
  return fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), fc.boolean(), hostile), { minLength: 1, maxLength: 3 }),
    )
    .map(([base, mutations]) => {
      let event = structuredClone(base);
      for (const [pick, drop, value] of mutations) {
        const all = paths(event).filter((p) => p.length > 0);
        if (all.length === 0) break;
        const path = all[pick % all.length]!;
        event = setAt(event, path, () => (drop ? REMOVE : value));
      }
      return event;
    });
}
