import Foundation
import MFAGuardKit
import Testing

/// `boundedConcurrentMap`: never more than `limit` transforms at once, results in input order, the first
/// error ends the map.
@Suite struct BoundedConcurrencyTests {
    /// Counts the transforms running now and the most that ever ran together.
    actor Gauge {
        private(set) var running = 0
        private(set) var peak = 0
        private(set) var started = 0

        func enter() {
            running += 1
            started += 1
            peak = max(peak, running)
        }

        func leave() { running -= 1 }
    }

    struct Failure: Error, Equatable {
        var element: Int
    }

    /// Each transform waits (up to 5 s) until `limit` run together or every element has started, so the
    /// peak reaches the limit however slowly the machine schedules the tasks, and stays in flight a while
    /// longer: a helper that started more than `limit` at a time would show a higher peak.
    @Test(arguments: [1, 3, 8])
    func neverRunsMoreThanTheLimitAndReachesIt(limit: Int) async {
        let gauge = Gauge()
        let elements = Array(0..<20)
        let results = await boundedConcurrentMap(elements, limit: limit) { element in
            await gauge.enter()
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                let (running, started) = (await gauge.running, await gauge.started)
                if running >= limit || started == elements.count { break }
                try? await Task.sleep(for: .milliseconds(1))
            }
            try? await Task.sleep(for: .milliseconds(5))
            await gauge.leave()
            return element * 10
        }
        #expect(await gauge.peak == limit)
        #expect(await gauge.running == 0)
        #expect(results == elements.map { $0 * 10 })
    }

    /// Later elements finish first (their transforms sleep less); the results still follow the input.
    @Test func resultsKeepTheOrderOfTheElements() async {
        let elements = Array(0..<12)
        let results = await boundedConcurrentMap(elements, limit: 4) { element in
            try? await Task.sleep(for: .milliseconds(2 * (elements.count - element)))
            return "item \(element)"
        }
        #expect(results == elements.map { "item \($0)" })
    }

    /// The error of the failing element is thrown (typed), and elements after it are never started once
    /// it has been seen: with a limit of 1, nothing after the failing element runs.
    @Test func theFirstErrorEndsTheMap() async {
        let gauge = Gauge()
        await #expect(throws: Failure(element: 3)) {
            _ = try await boundedConcurrentMap(Array(0..<10), limit: 1) { (element: Int) async throws(Failure) -> Int in
                await gauge.enter()
                await gauge.leave()
                if element == 3 { throw Failure(element: element) }
                return element
            }
        }
        #expect(await gauge.started == 4)
    }

    @Test func aLimitBelowOneRunsOneAtATimeAndAnEmptyInputGivesNothing() async {
        let gauge = Gauge()
        let results = await boundedConcurrentMap([1, 2, 3], limit: 0) { element in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(2))
            await gauge.leave()
            return element
        }
        #expect(results == [1, 2, 3])
        #expect(await gauge.peak == 1)
        #expect(await boundedConcurrentMap([Int](), limit: 4) { $0 }.isEmpty)
    }
}
