/// The items of a paginated AWS list operation as an async sequence, fetching the next page only
/// when the previous one is used up. Works for IAM's `Marker`/`IsTruncated` and `NextToken` alike:
/// `fetch` gets the token of the page to load (`nil` for the first) and returns the items and the
/// next token (`nil` on the last page).
public struct Paginator<Item: Sendable>: AsyncSequence, Sendable {
    /// The sequence yields the items one by one, across pages.
    public typealias Element = Item
    /// Loads one page: takes the page's token (`nil` for the first), returns its items and the next token.
    public typealias Fetch = @Sendable (_ token: String?) async throws -> (items: [Item], next: String?)

    private let fetch: Fetch

    /// A sequence over the pages `fetch` loads; nothing is fetched until iteration starts.
    public init(_ fetch: @escaping Fetch) { self.fetch = fetch }

    /// Yields the buffered page's items, loading the next page when they are used up; stops on a repeated token.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: Fetch
        var buffer: [Item] = []
        var index = 0
        var token: String?
        var finished = false
        var seenTokens: Set<String> = []

        /// The next item, loading pages as needed; `nil` after the last page; rethrows `fetch`'s errors.
        public mutating func next() async throws -> Item? {
            while index >= buffer.count {
                if finished { return nil }
                let page = try await fetch(token)
                buffer = page.items
                index = 0
                // A repeated token would loop forever; a well-behaved service never sends one.
                if let next = page.next, !next.isEmpty, seenTokens.insert(next).inserted {
                    token = next
                } else {
                    finished = true
                }
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// A fresh iteration from the first page (each iterator fetches the pages again).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }

    /// Every item of every page.
    public func collect() async throws -> [Item] {
        var items: [Item] = []
        for try await item in self { items.append(item) }
        return items
    }
}

extension XMLNode {
    /// IAM's `Marker` when `IsTruncated` is true, else `nil`.
    var nextMarker: String? { self["IsTruncated"] == "true" ? self["Marker"] : nil }
}
