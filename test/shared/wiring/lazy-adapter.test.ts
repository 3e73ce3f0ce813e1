import { describe, expect, it, vi } from "vitest";
import { lazyAdapter, once } from "../../../shared/wiring/lazy-adapter";

class Adapter {
  calls: string[] = [];
  async send(message: string): Promise<number> {
    this.calls.push(message);
    return this.calls.length;
  }
  async flush(): Promise<void> {}
  async *list(prefix: string): AsyncIterable<string> {
    for (const call of this.calls) yield `${prefix}${call}`;
  }
}

describe("lazyAdapter", () => {
  it("loads nothing until a method is called, then loads once for every call", async () => {
    const adapter = new Adapter();
    const load = vi.fn(async () => adapter);
    const stand = lazyAdapter(load, ["send", "flush"]);
    expect(load).not.toHaveBeenCalled();
    expect(await Promise.all([stand.send("a"), stand.send("b")])).toEqual([1, 2]);
    await stand.flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(adapter.calls).toEqual(["a", "b"]);
  });

  it("passes a failed load to the caller and tries again on the next call", async () => {
    const load = vi
      .fn<() => Promise<Adapter>>()
      .mockRejectedValueOnce(new Error("chunk missing"))
      .mockResolvedValue(new Adapter());
    const stand = lazyAdapter(load, ["send"]);
    await expect(stand.send("a")).rejects.toThrow("chunk missing");
    await expect(stand.send("b")).resolves.toBe(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("stands in for listings too: loaded when the first item is asked for, then yielding every item", async () => {
    const adapter = new Adapter();
    const load = vi.fn(async () => adapter);
    const stand = lazyAdapter(load, ["send"], ["list"]);
    const listing = stand.list("> ");
    expect(load).not.toHaveBeenCalled();
    await adapter.send("a");
    await adapter.send("b");
    const items: string[] = [];
    for await (const item of listing) items.push(item);
    expect(items).toEqual(["> a", "> b"]);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe("once", () => {
  it("shares one load between concurrent callers", async () => {
    const load = vi.fn(async () => 42);
    const value = once(load);
    expect(await Promise.all([value(), value()])).toEqual([42, 42]);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
