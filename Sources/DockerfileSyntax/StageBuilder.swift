/// Builds the stages, the variable scopes and the stage dependencies after the instructions are parsed, and reports
/// what BuildKit's `instructions.Parse` rejects across instructions (no FROM, duplicate stage names).
enum StageBuilder {
    /// Most bytes of ARG and ENV values kept for one Dockerfile.
    static let maxStoredValues = 16 << 20

    static func build(_ file: inout Dockerfile) {
        let escape = file.escape.rawValue
        var global = VariableScope()
        var stages: [Stage] = []
        var current: Stage?
        var values: [String: VariableValue] = [:]
        var stageInstructionIndices: [Int] = []
        // Bytes of ARG and ENV values kept: past `maxStoredValues`, values are unknown (each is at most
        // `VariableExpander.maxExpansion`, but a file of many short lines could still keep gigabytes).
        var stored = 0
        var reportedTooLarge = false
        func keep(_ value: Expanded, fromArg: Bool, at instruction: Instruction) -> VariableValue {
            if value.error == VariableExpander.tooLarge
                || (value.isKnown && stored + value.value.utf8.count > maxStoredValues)
            {
                if !reportedTooLarge {
                    reportedTooLarge = true
                    let message =
                        value.error == VariableExpander.tooLarge
                        ? "\(instruction.keyword): \(VariableExpander.tooLarge)"
                        : "ARG and ENV values expand to more than \(maxStoredValues) bytes in all; "
                            + "this one and later ones are treated as unknown"
                    file.errors.append(SyntaxError(message, span: instruction.keywordSpan, kind: .variable))
                }
                return .unknown
            }
            guard value.isKnown else { return .unknown }
            stored += value.value.utf8.count
            return .known(value.value, fromArg: fromArg)
        }

        func close(_ stage: Stage?, into stages: inout [Stage], instructions: [Instruction], indices: [Int]) {
            guard var stage else { return }
            stage.from = instructions[stage.from.index]
            stage.instructions = indices.map { instructions[$0] }
            stages.append(stage)
        }

        for position in file.instructions.indices {
            let instruction = file.instructions[position]
            switch instruction.keyword {
            case .from:
                close(current, into: &stages, instructions: file.instructions, indices: stageInstructionIndices)
                stageInstructionIndices = []
                values = [:]
                let index = stages.count
                let from = instruction.from
                let image = from?.image?.text ?? ""
                let expanded = VariableExpander(escape: escape, undeclaredIsUnset: true) { global.values[$0] }
                    .expand(image)
                var baseStage: Int?
                if expanded.isKnown {
                    let lowered = expanded.value.lowercased()
                    baseStage = stages.lastIndex { $0.name?.lowercased() == lowered }
                }
                var dependencies: [StageDependency] = []
                if let baseStage, let word = from?.image {
                    dependencies.append(
                        StageDependency(
                            kind: .base, reference: .stage(baseStage), instructionIndex: position, span: word.span))
                }
                let name = from?.stageName
                if let name, stages.contains(where: { $0.name?.lowercased() == name.text.lowercased() }) {
                    file.errors.append(
                        SyntaxError(
                            "duplicate stage name \"\(name.text.lowercased())\"", span: name.span,
                            kind: .duplicateStageName))
                }
                current = Stage(
                    index: index, name: name?.text, nameSpan: name?.span, from: instruction, instructions: [],
                    baseImage: image, baseImageExpanded: expanded, baseStageIndex: baseStage,
                    platform: from?.platform?.value, dependencies: dependencies, isFinal: false, bindings: [:],
                    globalScope: global)
                file.instructions[position].stageIndex = index
                stageInstructionIndices.append(position)
            case .arg:
                guard current != nil else {
                    // Global ARG: default expanded with the ARGs before it.
                    file.globalArgIndices.append(position)
                    for declaration in instruction.arg ?? [] {
                        if let raw = declaration.rawDefault {
                            let value = VariableExpander(escape: escape, undeclaredIsUnset: true) {
                                global.values[$0]
                            }.expand(raw)
                            global.values[declaration.name] = keep(value, fromArg: true, at: instruction)
                        } else if global.values[declaration.name] == nil {
                            global.values[declaration.name] = .unknown
                        }
                    }
                    continue
                }
                var newValues: [(String, VariableValue)] = []
                for declaration in instruction.arg ?? [] {
                    if let raw = declaration.rawDefault {
                        let value = VariableExpander(escape: escape) { values[$0] }.expand(raw)
                        newValues.append((declaration.name, keep(value, fromArg: true, at: instruction)))
                    } else {
                        newValues.append((declaration.name, global.values[declaration.name] ?? .unknown))
                    }
                }
                for (name, value) in newValues {
                    values[name] = value
                    current?.bindings[name, default: []].append(Binding(instructionIndex: position, value: value))
                }
                file.instructions[position].stageIndex = current?.index
                stageInstructionIndices.append(position)
            default:
                guard current != nil else {
                    if instruction.keyword.isKnown {
                        file.errors.append(
                            SyntaxError(
                                "no build stage in current context: \(instruction.keyword) must come after a FROM",
                                span: instruction.keywordSpan, kind: .noStage))
                    }
                    continue
                }
                file.instructions[position].stageIndex = current?.index
                stageInstructionIndices.append(position)
                if instruction.keyword == .env {
                    // Every value is expanded with the environment before the instruction.
                    let pairs = (instruction.env ?? []).map { pair -> (String, VariableValue) in
                        let value = VariableExpander(escape: escape) { values[$0] }.expand(pair.rawValue)
                        return (pair.key, keep(value, fromArg: false, at: instruction))
                    }
                    for (name, value) in pairs {
                        values[name] = value
                        current?.bindings[name, default: []].append(Binding(instructionIndex: position, value: value))
                    }
                }
                if let stage = current {
                    current?.dependencies += dependencies(
                        of: instruction, stages: stages, stageIndex: stage.index, values: values, escape: escape)
                }
            }
        }
        close(current, into: &stages, instructions: file.instructions, indices: stageInstructionIndices)
        if !stages.isEmpty { stages[stages.count - 1].isFinal = true }
        file.stages = stages
        file.globalScope = global
        if stages.isEmpty {
            let end = file.source.position(ofOffset: file.source.bytes.count)
            let span = SourceSpan(start: file.source.position(ofOffset: 0), end: end)
            if file.instructions.isEmpty {
                file.errors.append(SyntaxError("file with no instructions", span: span, kind: .emptyFile))
            } else {
                file.errors.append(
                    SyntaxError(
                        "dockerfile contains no stages to build: no FROM instruction", span: span, kind: .noStage))
            }
        }
    }

    static func dependencies(
        of instruction: Instruction, stages: [Stage], stageIndex: Int, values: [String: VariableValue], escape: UInt8
    ) -> [StageDependency] {
        var result: [StageDependency] = []
        func resolve(_ raw: String) -> StageReference {
            let expanded = VariableExpander(escape: escape) { values[$0] }.expand(raw)
            guard expanded.isKnown else { return .unknown(raw) }
            let lowered = expanded.value.lowercased()
            if let stage = stages.lastIndex(where: { $0.name?.lowercased() == lowered }) { return .stage(stage) }
            if let number = Int(expanded.value), number >= 0, number < stageIndex { return .stage(number) }
            return .image(expanded.value)
        }
        switch instruction.keyword {
        case .copy, .add:
            if let flag = instruction.flag("from"), let value = flag.value {
                result.append(
                    StageDependency(
                        kind: instruction.keyword == .copy ? .copy : .add, reference: resolve(value),
                        instructionIndex: instruction.index, span: flag.span))
            }
        case .run:
            for mount in instruction.run?.mounts ?? [] {
                if let from = mount.from {
                    result.append(
                        StageDependency(
                            kind: .mount, reference: resolve(from), instructionIndex: instruction.index,
                            span: mount.span))
                }
            }
        default:
            break
        }
        return result
    }
}
