import CodexTestSupport
import Foundation
import Synchronization
import Testing

@testable import CodexCore
@testable import CodexPostgres

/// On a team server two ingests of one collection take turns (the second waits), while ingests of
/// different collections go on side by side.
struct PostgresIngestLockTests {
    @Test func aSecondIngestOfOneCollectionWaitsAndOthersDoNot() async throws {
        let store = try PostgresStore.open(url: try PostgresTestServer.shared().createDatabase())
        var first: (any Sendable)? = try store.documents.lockForIngest(collection: "docs")
        // Another collection is not held up
        let other = try store.documents.lockForIngest(collection: "ops")
        #expect(other != nil)
        // The same collection waits while the first ingest holds it
        let acquired = Atomic<Bool>(false)
        let waiter = Task.detached {
            let lock = try store.documents.lockForIngest(collection: "docs")
            acquired.store(true, ordering: .sequentiallyConsistent)
            withExtendedLifetime(lock) {}
        }
        try await Task.sleep(for: .milliseconds(500))
        let tookItEarly = acquired.load(ordering: .sequentiallyConsistent)
        #expect(!tookItEarly)
        // And takes its turn once the first is done
        withExtendedLifetime(first) {}
        first = nil
        try await waiter.value
        let tookItAfter = acquired.load(ordering: .sequentiallyConsistent)
        #expect(tookItAfter)
    }
}
