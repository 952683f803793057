/// Builds small but well-formed ELF files for tests: one PT_LOAD covering the file, an optional PT_INTERP and an
/// optional PT_DYNAMIC with DT_NEEDED / DT_RUNPATH / DT_STRTAB.
enum ELFBuilder {
    static func make(
        is64: Bool = true, bigEndian: Bool = false, machine: UInt16 = 62, interpreter: String? = nil,
        needed: [String] = [], runpath: String? = nil
    ) -> [UInt8] {
        let headerSize = is64 ? 64 : 52
        let phentsize = is64 ? 56 : 32
        let dynamic = !needed.isEmpty || runpath != nil
        let phnum = 1 + (interpreter == nil ? 0 : 1) + (dynamic ? 1 : 0)
        let base: UInt64 = 0x40_0000
        var strtab: [UInt8] = [0]
        var neededOffsets: [UInt64] = []
        for name in needed {
            neededOffsets.append(UInt64(strtab.count))
            strtab += Array(name.utf8) + [0]
        }
        var runpathOffset: UInt64?
        if let runpath {
            runpathOffset = UInt64(strtab.count)
            strtab += Array(runpath.utf8) + [0]
        }
        let interpOffset = headerSize + phnum * phentsize
        let interpBytes: [UInt8] = interpreter.map { Array($0.utf8) + [0] } ?? []
        let strtabOffset = interpOffset + interpBytes.count
        let dynamicOffset = (strtabOffset + strtab.count + 7) / 8 * 8
        var dynamicEntries: [(UInt64, UInt64)] = neededOffsets.map { (1, $0) }
        if let runpathOffset { dynamicEntries.append((29, runpathOffset)) }
        dynamicEntries.append((5, base + UInt64(strtabOffset)))
        dynamicEntries.append((0, 0))
        let dynamicSize = dynamicEntries.count * (is64 ? 16 : 8)
        let total = dynamicOffset + (dynamic ? dynamicSize : 0)

        var bytes = [UInt8](repeating: 0, count: total)
        func put(_ value: UInt64, at offset: Int, width: Int) {
            for index in 0..<width {
                let shift = bigEndian ? (width - 1 - index) * 8 : index * 8
                bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(shift))
            }
        }
        bytes[0...3] = [0x7f, 0x45, 0x4c, 0x46]
        bytes[4] = is64 ? 2 : 1
        bytes[5] = bigEndian ? 2 : 1
        bytes[6] = 1
        put(dynamic || interpreter != nil ? 3 : 2, at: 16, width: 2)
        put(UInt64(machine), at: 18, width: 2)
        put(1, at: 20, width: 4)
        if is64 {
            put(UInt64(headerSize), at: 32, width: 8)
            put(UInt64(headerSize), at: 52, width: 2)
            put(UInt64(phentsize), at: 54, width: 2)
            put(UInt64(phnum), at: 56, width: 2)
        } else {
            put(UInt64(headerSize), at: 28, width: 4)
            put(UInt64(headerSize), at: 40, width: 2)
            put(UInt64(phentsize), at: 42, width: 2)
            put(UInt64(phnum), at: 44, width: 2)
        }
        var slot = 0
        func header(type: UInt64, offset: Int, size: Int, vaddr: UInt64) {
            let at = headerSize + slot * phentsize
            slot += 1
            if is64 {
                put(type, at: at, width: 4)
                put(UInt64(offset), at: at + 8, width: 8)
                put(vaddr, at: at + 16, width: 8)
                put(vaddr, at: at + 24, width: 8)
                put(UInt64(size), at: at + 32, width: 8)
                put(UInt64(size), at: at + 40, width: 8)
            } else {
                put(type, at: at, width: 4)
                put(UInt64(offset), at: at + 4, width: 4)
                put(vaddr, at: at + 8, width: 4)
                put(vaddr, at: at + 12, width: 4)
                put(UInt64(size), at: at + 16, width: 4)
                put(UInt64(size), at: at + 20, width: 4)
            }
        }
        header(type: 1, offset: 0, size: total, vaddr: base)
        if interpreter != nil {
            header(type: 3, offset: interpOffset, size: interpBytes.count, vaddr: base + UInt64(interpOffset))
            bytes[interpOffset..<interpOffset + interpBytes.count] = interpBytes[...]
        }
        bytes[strtabOffset..<strtabOffset + strtab.count] = strtab[...]
        if dynamic {
            header(type: 2, offset: dynamicOffset, size: dynamicSize, vaddr: base + UInt64(dynamicOffset))
            for (index, (tag, value)) in dynamicEntries.enumerated() {
                let width = is64 ? 8 : 4
                put(tag, at: dynamicOffset + index * width * 2, width: width)
                put(value, at: dynamicOffset + index * width * 2 + width, width: width)
            }
        }
        return bytes
    }
}
