import Foundation
import Testing
@testable import TurnpikeLimits

/// The counter file: records survive closing it without a flush (what `kill -9` leaves: the mapped
/// pages), a foreign or newer file is refused, torn records are dropped, a cut growth is repaired.
@Suite struct CounterFileTests {
    let day = UTCDay(iso: "2026-11-25")!

    @Test func recordsAndTotalsSurviveReopening() throws {
        try CounterFilePath.with { path in
            var identity = ""
            do {
                let file = try CounterFile(path: path)
                identity = file.identity
                let first = try #require(file.allocate(planId: "plan1", keyId: "key1", day: day))
                let second = try #require(file.allocate(planId: "plan1", keyId: "key2", day: day + 1))
                file.total(first).pointee += 41
                file.total(first).pointee += 1
                file.total(second).pointee += 7
                #expect(file.allocate(planId: String(repeating: "p", count: 60), keyId: String(repeating: "k", count: 60), day: day) == nil)
            }
            let reopened = try CounterFile(path: path)
            #expect(reopened.identity == identity && identity.count == 32)
            let records = reopened.records()
            #expect(records.map { [$0.planId, $0.keyId, "\($0.day.ordinal)", "\($0.total)"] }
                == [["plan1", "key1", "\(day.ordinal)", "42"], ["plan1", "key2", "\(day.ordinal + 1)", "7"]])
            reopened.release(records[0].index)
            #expect(reopened.records().count == 1)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func aForeignOrNewerFileIsRefusedAndKept() throws {
        try CounterFilePath.with { path in
            try Data("not a counter file at all".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: CounterFileError.self) { try CounterFile(path: path) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("not a counter file at all".utf8))
            var header = CounterRecordLayout.header(identity: Array(repeating: 1, count: 16))
            header[8] = 2   // format version 2
            try Data(header).write(to: URL(fileURLWithPath: path))
            #expect(throws: CounterFileError.self) { try CounterFile(path: path) }
        }
    }

    @Test func aTornRecordIsDroppedAndACutGrowthRepaired() throws {
        try CounterFilePath.with { path in
            do {
                let file = try CounterFile(path: path)
                let kept = try #require(file.allocate(planId: "p", keyId: "kept", day: day))
                let torn = try #require(file.allocate(planId: "p", keyId: "torn", day: day))
                file.total(kept).pointee = 3
                file.total(torn).pointee = 5
            }
            // A power loss kept the torn record's state but not its ids: flip a byte of its key id.
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64(CounterRecordLayout.headerSize + CounterRecordLayout.recordSize + 25))
            try handle.write(contentsOf: Data("X".utf8))
            // and a growth cut short: half a segment more.
            try handle.truncate(atOffset: UInt64(CounterRecordLayout.headerSize + CounterFile.segmentBytes * 3 / 2))
            try handle.close()
            let reopened = try CounterFile(path: path)
            #expect(reopened.records().map(\.keyId) == ["kept"])
            #expect(reopened.capacity == CounterFile.segmentRecords)
        }
    }

    @Test func theFileGrowsBySegmentsWithoutMovingRecords() throws {
        try CounterFilePath.with { path in
            let file = try CounterFile(path: path)
            let first = try #require(file.allocate(planId: "p", keyId: "k0", day: day))
            let pointer = file.total(first)
            for index in 1...CounterFile.segmentRecords {
                _ = try #require(file.allocate(planId: "p", keyId: "k\(index)", day: day))
            }
            #expect(file.capacity == 2 * CounterFile.segmentRecords)
            pointer.pointee += 1
            #expect(file.total(first).pointee == 1)
        }
    }

    @Test func aFileLastOpenedUnderAnotherBootSaysSo() throws {
        try CounterFilePath.with { path in
            let opened = try ["boot-a", "boot-a", "boot-b", "boot-b"].map { try CounterFile(path: path, bootId: $0).machineRestarted }
            #expect(opened == [false, false, true, false], "new, process restarted, machine restarted, process restarted")
            #expect(!CounterFile.kernelBootId().isEmpty)
        }
    }
}
