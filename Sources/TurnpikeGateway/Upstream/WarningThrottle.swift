/// Lets through at most one warning per subject (e.g. a backend host) per interval, counting the
/// ones held back so the next warning can say how many there were. A value with injected time
/// (monotonic nanoseconds); remembers at most `capacity` subjects.
struct WarningThrottle {
    /// The shortest time between two warnings about one subject, in nanoseconds.
    let interval: UInt64
    let capacity: Int
    private var subjects: [String: Subject] = [:]

    private struct Subject {
        var lastWarned: UInt64
        var heldBack: Int
    }

    init(interval: UInt64 = 10_000_000_000, capacity: Int = 1024) {
        self.interval = interval
        self.capacity = capacity
    }

    /// Whether to warn about `subject` at `now`: nil holds the warning back; otherwise the number
    /// of warnings held back since the last one.
    mutating func admit(_ subject: String, now: UInt64) -> Int? {
        if var known = subjects[subject] {
            guard now &- known.lastWarned >= interval else {
                known.heldBack += 1
                subjects[subject] = known
                return nil
            }
            subjects[subject] = Subject(lastWarned: now, heldBack: 0)
            return known.heldBack
        }
        if subjects.count >= capacity {
            subjects = subjects.filter { now &- $0.value.lastWarned < interval }
            guard subjects.count < capacity else { return nil }
        }
        subjects[subject] = Subject(lastWarned: now, heldBack: 0)
        return 0
    }
}
