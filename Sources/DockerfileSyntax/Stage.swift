/// A build stage: one FROM and the instructions after it up to the next FROM.
public struct Stage: Sendable {
    /// 0-based position among the stages.
    public var index: Int
    /// The name after `AS`, as written (nil when unnamed). Stage names are matched case-insensitively.
    public var name: String?
    /// Where the name is.
    public var nameSpan: SourceSpan?
    /// The FROM instruction.
    public var from: Instruction
    /// Every instruction of the stage, FROM first.
    public var instructions: [Instruction]
    /// The base image as written (`node:${NODE_VERSION}-alpine`), empty when FROM has no argument.
    public var baseImage: String
    /// The base image with global ARGs expanded (known when every variable has a known value).
    public var baseImageExpanded: Expanded
    /// The earlier stage FROM names, if the base is a stage (`FROM builder`).
    public var baseStageIndex: Int?
    /// The `--platform` value as written, if any.
    public var platform: String?
    /// Where the stage takes files or a base from: FROM of another stage, `COPY --from`, `ADD --from`,
    /// `RUN --mount=from=…`, in order.
    public var dependencies: [StageDependency]
    /// Whether this is the last stage.
    public var isFinal: Bool
    /// Variable bindings (ARG and ENV) of the stage, for ``expand(_:before:)``.
    var bindings: [String: [Binding]]
    /// The global ARGs (before the first FROM).
    var globalScope: VariableScope

    /// Whether the base is `scratch`.
    public var isScratch: Bool { baseImageExpanded.value.lowercased() == "scratch" }

    /// The stages and images this stage copies or mounts files from (`COPY --from`, `ADD --from`, `RUN --mount`),
    /// without duplicates, in order of first use.
    public var copiesFrom: [StageReference] {
        var seen = Set<StageReference>()
        var result: [StageReference] = []
        for dependency in dependencies where dependency.kind != .base {
            if seen.insert(dependency.reference).inserted { result.append(dependency.reference) }
        }
        return result
    }

    /// Whether `name` (any case) names this stage.
    public func isNamed(_ name: String) -> Bool {
        guard let own = self.name else { return false }
        return own.lowercased() == name.lowercased()
    }

    /// The value of variable `name` just before `instruction` runs in this stage: the latest ARG or ENV of the
    /// stage before it, else (for ARGs re-declared in the stage) the global default. Nil when the variable is not
    /// declared in the stage (base-image variables such as `PATH` are not known here).
    public func variable(_ name: String, before instruction: Instruction) -> VariableValue? {
        variable(name, beforeIndex: instruction.index)
    }

    /// See ``variable(_:before:)``; `index` is an index in ``Dockerfile/instructions``.
    public func variable(_ name: String, beforeIndex index: Int) -> VariableValue? {
        guard let list = bindings[name] else { return nil }
        // The last binding with instruction index < index.
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].instructionIndex < index { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : list[low - 1].value
    }

    /// The names of the variables declared in the stage (ARG or ENV) before `instruction`.
    public func declaredVariables(before instruction: Instruction) -> [String] {
        bindings.compactMap { name, list in
            list.contains { $0.instructionIndex < instruction.index } ? name : nil
        }.sorted()
    }

    /// `text` (as written in an instruction: quotes and escapes are processed as BuildKit does) with variables
    /// expanded as they are just before `instruction` runs. Variables not declared in the stage stay symbolic and
    /// make the result not known.
    public func expand(_ text: String, before instruction: Instruction, escape: EscapeCharacter = .backslash)
        -> Expanded
    {
        // Most words have nothing to expand: answered before the lookup closure (which copies the stage) exists.
        if VariableExpander.isLiteral(text, escape: escape.rawValue) { return Expanded(value: text, isKnown: true) }
        let index = instruction.index
        return VariableExpander(escape: escape.rawValue) { name in
            self.variable(name, beforeIndex: index)
        }.expand(text)
    }
}

/// How a stage depends on another stage or an image.
public struct StageDependency: Sendable, Hashable {
    /// How: base (`FROM other`), copy (`COPY --from`), add (`ADD --from`) or mount (`RUN --mount=from=`).
    public enum Kind: String, Sendable, Hashable {
        case base, copy, add, mount
    }

    public var kind: Kind
    /// The stage or image.
    public var reference: StageReference
    /// The instruction (index in ``Dockerfile/instructions``).
    public var instructionIndex: Int
    /// The `--from` flag or the FROM image word.
    public var span: SourceSpan
}

/// What `--from` (or a FROM) refers to.
public enum StageReference: Sendable, Hashable {
    /// An earlier stage, by index.
    case stage(Int)
    /// An image (any name that is not a stage).
    case image(String)
    /// A value with variables that are not known (`--from=${BUILDER}`), as written.
    case unknown(String)
}

/// A variable value known at lint time, or not.
public enum VariableValue: Sendable, Hashable {
    /// Known: an ENV value or an ARG default (a build may still override ARG defaults with `--build-arg`).
    case known(String, fromArg: Bool)
    /// Declared without a value we know (`ARG X` with no default, or a value built from unknown variables).
    case unknown

    /// The value when known.
    public var knownValue: String? {
        if case .known(let value, _) = self { return value }
        return nil
    }
}

/// A variable binding made by an ARG or ENV instruction.
struct Binding: Sendable {
    var instructionIndex: Int
    var value: VariableValue
}

/// A set of variables with their values (the global ARG scope).
public struct VariableScope: Sendable {
    /// Name → value.
    public internal(set) var values: [String: VariableValue] = [:]

    public init() {}

    /// `text` with these variables expanded (see ``Stage/expand(_:before:escape:)``).
    public func expand(_ text: String, escape: EscapeCharacter = .backslash) -> Expanded {
        VariableExpander(escape: escape.rawValue) { values[$0] }.expand(text)
    }

    /// `text` expanded as a build with no `--build-arg` would: ARG defaults substituted, an ARG without a known
    /// default and an undeclared variable empty; only the platform variables BuildKit sets stay unknown.
    public func expandWithDefaultsOnly(_ text: String, escape: EscapeCharacter = .backslash) -> Expanded {
        VariableExpander(escape: escape.rawValue, undeclaredIsUnset: true) { name in
            if case .known = values[name] { return values[name] }
            return nil
        }.expand(text)
    }
}

/// The result of expanding variables in a word.
public struct Expanded: Sendable, Hashable, CustomStringConvertible {
    /// The value: quotes removed and known variables substituted; unknown references are kept as written
    /// (`${VERSION}`), so the text is still readable.
    public var value: String
    /// Whether every variable had a known value, so ``value`` is exactly what BuildKit would use (unless a
    /// `--build-arg` overrides an ARG default).
    public var isKnown: Bool
    /// Variables referenced whose value is not known, in order of first use.
    public var unknownVariables: [String]
    /// What BuildKit's shell lexer would reject (`unsupported modifier`, a missing `}`), if anything.
    public var error: String?

    public init(value: String, isKnown: Bool, unknownVariables: [String] = [], error: String? = nil) {
        self.value = value
        self.isKnown = isKnown
        self.unknownVariables = unknownVariables
        self.error = error
    }

    public var description: String { value }
}
