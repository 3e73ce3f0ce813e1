import { KeysentryError } from "../errors";
/**
 * A listing that hands back a marker it already gave would be followed forever: a faulty
 * endpoint or proxy replaying a page is enough. Every paginated read remembers the markers of
 * its listing and stops with this error instead.
 */
export class RepeatedPageMarkerError extends KeysentryError {
  override readonly name = "RepeatedPageMarkerError";
  constructor(
    readonly operation: string,
    readonly marker: string,
  ) {
    super(`${operation} handed back a page marker it had already given; following it would never end`);
  }
}

/** The markers one listing has handed out so far. */
export class PageMarkers {
  private readonly seen = new Set<string>();

  constructor(private readonly operation: string) {}

  /** The marker a page points on to, checked; undefined (or empty) ends the listing. */
  follow(marker: string | undefined): string | undefined {
    if (!marker) return undefined;
    if (this.seen.has(marker)) throw new RepeatedPageMarkerError(this.operation, marker);
    this.seen.add(marker);
    return marker;
  }
}

/**
 * The SDK's paginators follow the output token whenever one is present: each page's token is
 * checked before the paginator is asked for the page it points to.
 */
export async function* checkedPages<P>(
  operation: string,
  pages: AsyncIterable<P>,
  markerOf: (page: P) => string | undefined,
): AsyncGenerator<P> {
  const markers = new PageMarkers(operation);
  for await (const page of pages) {
    markers.follow(markerOf(page));
    yield page;
  }
}
