import ParleyCore

/// The interactive shell (readline).
struct Shell {
    let session: Session

    func run() -> Int32 {
        0
    }
}
