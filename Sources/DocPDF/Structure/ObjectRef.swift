/// An indirect object's identity: object number and generation (`12 0 R`).
public struct ObjectRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The object number.
    public var number: Int
    /// The generation number (0 unless the number was freed and reused).
    public var generation: Int

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(number: Int, generation: Int) {
        self.number = number
        self.generation = generation
    }

    public static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        (lhs.number, lhs.generation) < (rhs.number, rhs.generation)
    }

    /// `"12 0 R"`.
    public var description: String { "\(number) \(generation) R" }
}
