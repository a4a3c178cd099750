#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import ServiceLifecycle

/// Applies ``BackgroundPriority`` to the process: learns the event loops' thread ids once, then
/// every `interval` lowers the priority of every other thread (the runtimes create threads as they
/// need them). Linux only; elsewhere it does nothing.
struct BackgroundPriorityService: Service {
    let group: any EventLoopGroup
    let interval: Duration
    let logger: Logger

    func run() async throws {
        #if os(Linux)
        if let plan = await plan() {
            logger.debug("threads other than the event loops run at nice \(plan.target)")
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                for id in plan.threadsToLower(Self.threads()) {
                    _ = setpriority(Self.perThread, id_t(id), plan.target)
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
            return
        }
        logger.debug("the event loops' thread ids are unavailable: thread priorities are left as they are")
        #endif
        // A service that returns early stops the whole group: wait for the shutdown instead.
        try? await gracefulShutdown()
    }

    #if os(Linux)
    /// `PRIO_PROCESS`, which on Linux names one thread.
    private static let perThread = __priority_which_t(PRIO_PROCESS.rawValue)

    /// The event loops' thread ids and priority; nil when a loop's thread cannot be told apart
    /// (it would be lowered with the rest).
    private func plan() async -> BackgroundPriority? {
        var protected: Set<Int32> = []
        var eventLoopNice: Int32 = 0
        for loop in group.makeIterator() {
            guard let (id, nice) = try? await loop.submit({ (Self.currentThread(), Self.nice(of: 0) ?? 0) }).get(),
                  let id else { return nil }
            protected.insert(id)
            eventLoopNice = max(eventLoopNice, nice)
        }
        return protected.isEmpty ? nil : BackgroundPriority(protected: protected, eventLoopNice: eventLoopNice)
    }

    /// The calling thread's id, from `/proc/thread-self` (`<pid>/task/<tid>`; Glibc's `gettid` is
    /// not visible to Swift).
    private static func currentThread() -> Int32? {
        var path = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &path, path.count - 1)
        guard count > 0 else { return nil }
        let text = String(decoding: path[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "/").last.flatMap { Int32($0) }
    }

    /// The process's threads and their `nice`, from `/proc/self/task`.
    private static func threads() -> [(id: Int32, nice: Int32)] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var threads: [(id: Int32, nice: Int32)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let id = Int32(name), let nice = nice(of: id) else { continue }
            threads.append((id, nice))
        }
        return threads
    }

    /// A thread's `nice` (`id` 0: the calling thread's).
    private static func nice(of id: Int32) -> Int32? {
        errno = 0
        let value = getpriority(Self.perThread, id_t(id))
        return value == -1 && errno != 0 ? nil : value
    }
    #endif
}
