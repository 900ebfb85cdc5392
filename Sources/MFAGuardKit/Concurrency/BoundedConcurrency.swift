/// Runs `transform` on every element of `elements`, at most `limit` at a time, and returns the results in
/// the order of `elements` (not the order they finish in). The audit's per-user calls, the organization's
/// per-account audits and `device list --all` all go through it, so that the AWS rate limit and the IAM
/// quota see the same bounded load everywhere.
///
/// - Parameters:
///   - limit: How many transforms run at the same time; values below 1 count as 1.
///   - transform: Called once per element, in child tasks of the caller's task (so cancelling the caller
///     cancels them).
/// - Throws: The first error a transform throws, in the order they finish. The other transforms still
///   running are then cancelled and awaited, and no further element is started. A transform that cannot
///   fail (`Failure == Never`) makes the whole call non-throwing: the sites that record failures in their
///   results (the audit's collection errors) return them as values instead.
public func boundedConcurrentMap<Element: Sendable, Output: Sendable, Failure: Error>(
    _ elements: [Element], limit: Int, _ transform: @escaping @Sendable (Element) async throws(Failure) -> Output
) async throws(Failure) -> [Output] {
    let outcome = await withTaskGroup(of: (Int, Result<Output, Failure>).self) { group in
        var results = [Output?](repeating: nil, count: elements.count)
        var next = 0
        func startNext() {
            guard next < elements.count else { return }
            let index = next
            let element = elements[index]
            next += 1
            group.addTask {
                do throws(Failure) {
                    return (index, .success(try await transform(element)))
                } catch {
                    return (index, .failure(error))
                }
            }
        }
        for _ in 0..<max(1, limit) { startNext() }
        while let (index, result) = await group.next() {
            switch result {
            case .success(let value):
                results[index] = value
                startNext()
            case .failure(let error):
                group.cancelAll()
                return Result<[Output], Failure>.failure(error)
            }
        }
        return .success(results.map { $0! })
    }
    return try outcome.get()
}
