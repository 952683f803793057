/// The parts of an ELF executable or shared object that decide whether it can start: the program interpreter
/// (`PT_INTERP`) and the dynamic section's needed libraries and search paths (`DT_NEEDED`, `DT_RPATH`,
/// `DT_RUNPATH`). 32- and 64-bit, little- and big-endian.
///
/// System V ABI (gABI), "ELF Header": `e_ident[EI_CLASS]` 1 = ELFCLASS32, 2 = ELFCLASS64; `e_ident[EI_DATA]`
/// 1 = ELFDATA2LSB, 2 = ELFDATA2MSB; "Program Header": `PT_LOAD` 1, `PT_DYNAMIC` 2, `PT_INTERP` 3; "Dynamic
/// Section": `DT_NULL` 0, `DT_NEEDED` 1, `DT_STRTAB` 5, `DT_RPATH` 15, `DT_RUNPATH` 29 — string values are offsets
/// into the table at `DT_STRTAB`, a virtual address mapped to the file through the `PT_LOAD` segments.
public struct ELFFile: Sendable, Hashable {
    public enum Class: Sendable, Hashable { case elf32, elf64 }

    public var elfClass: Class
    public var bigEndian: Bool
    /// `e_type`: 2 executable, 3 shared object (PIE executables too).
    public var type: UInt16
    /// `e_machine`: 3 x86, 62 x86-64, 40 ARM, 183 AArch64, 243 RISC-V, 21 PPC64, 22 s390.
    public var machine: UInt16
    public var interpreter: String?
    public var needed: [String]
    public var rpath: [String]
    public var runpath: [String]
    /// True when there is a dynamic section (a dynamically linked program or a static-PIE).
    public var hasDynamicSection: Bool

    /// Statically linked: no program interpreter and no needed library.
    public var isStatic: Bool { interpreter == nil && needed.isEmpty }

    /// Whether `bytes` start with the ELF magic.
    public static func isELF(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x7f && bytes[1] == 0x45 && bytes[2] == 0x4c && bytes[3] == 0x46
    }

    /// Parses the headers from the file's leading bytes (the whole file, or enough of it to reach the dynamic
    /// section and its string table).
    public init(parsing bytes: [UInt8]) throws(ELFError) {
        guard ELFFile.isELF(bytes), bytes.count >= 52 else { throw .notELF }
        switch bytes[4] {
        case 1: elfClass = .elf32
        case 2: elfClass = .elf64
        default: throw .malformed("unknown class \(bytes[4])")
        }
        switch bytes[5] {
        case 1: bigEndian = false
        case 2: bigEndian = true
        default: throw .malformed("unknown data encoding \(bytes[5])")
        }
        let reader = Reader(bytes: bytes, bigEndian: bigEndian)
        let is64 = elfClass == .elf64
        type = try reader.u16(16)
        machine = try reader.u16(18)
        let phoff = is64 ? try reader.u64(32) : UInt64(try reader.u32(28))
        let phentsize = Int(try reader.u16(is64 ? 54 : 42))
        let phnum = Int(try reader.u16(is64 ? 56 : 44))
        guard phentsize >= (is64 ? 56 : 32) || phnum == 0 else { throw .malformed("program header size \(phentsize)") }

        var loads: [(vaddr: UInt64, offset: UInt64, filesz: UInt64)] = []
        var dynamic: (offset: UInt64, size: UInt64)?
        var interpreter: String?
        for index in 0..<min(phnum, 4096) {
            let base = Int(clamping: phoff) + index * phentsize
            let type = try reader.u32(base)
            let offset = is64 ? try reader.u64(base + 8) : UInt64(try reader.u32(base + 4))
            let vaddr = is64 ? try reader.u64(base + 16) : UInt64(try reader.u32(base + 8))
            let filesz = is64 ? try reader.u64(base + 32) : UInt64(try reader.u32(base + 16))
            switch type {
            case 1: loads.append((vaddr, offset, filesz))
            case 2: dynamic = (offset, filesz)
            case 3: interpreter = try reader.string(Int(clamping: offset), limit: Int(clamping: min(filesz, 4096)))
            default: break
            }
        }
        self.interpreter = interpreter
        self.hasDynamicSection = dynamic != nil
        var needed: [String] = []
        var rpath: [String] = []
        var runpath: [String] = []
        if let dynamic {
            let entrySize = is64 ? 16 : 8
            var strtab: UInt64?
            var values: [(tag: UInt64, value: UInt64)] = []
            let count = Int(clamping: dynamic.size) / entrySize
            for index in 0..<min(count, 65536) {
                let base = Int(clamping: dynamic.offset) + index * entrySize
                let tag = is64 ? try reader.u64(base) : UInt64(try reader.u32(base))
                let value = is64 ? try reader.u64(base + 8) : UInt64(try reader.u32(base + 4))
                if tag == 0 { break }
                if tag == 5 { strtab = value }
                values.append((tag, value))
            }
            if !values.isEmpty {
                guard let strtab else { throw .malformed("dynamic section without DT_STRTAB") }
                // Map the string table's address to a file offset through the loadable segment holding it.
                guard
                    let segment = loads.first(where: { strtab >= $0.vaddr && strtab - $0.vaddr < max($0.filesz, 1) })
                else { throw .malformed("DT_STRTAB address 0x\(String(strtab, radix: 16)) is in no PT_LOAD segment") }
                let tableOffset = segment.offset + (strtab - segment.vaddr)
                for (tag, value) in values {
                    let (sum, overflow) = tableOffset.addingReportingOverflow(value)
                    guard !overflow else { throw .malformed("string offset overflows") }
                    switch tag {
                    case 1: needed.append(try reader.string(Int(clamping: sum), limit: 4096))
                    case 15:
                        rpath += try reader.string(Int(clamping: sum), limit: 4096).split(separator: ":").map(
                            String.init)
                    case 29:
                        runpath += try reader.string(Int(clamping: sum), limit: 4096).split(separator: ":").map(
                            String.init)
                    default: break
                    }
                }
            }
        }
        self.needed = needed
        self.rpath = rpath
        self.runpath = runpath
    }

    /// The multiarch directory names Debian-family distributions use for this machine.
    public var multiarchTriplets: [String] {
        switch machine {
        case 62: ["x86_64-linux-gnu"]
        case 3: ["i386-linux-gnu"]
        case 183: ["aarch64-linux-gnu"]
        case 40: ["arm-linux-gnueabihf", "arm-linux-gnueabi"]
        case 243: ["riscv64-linux-gnu"]
        case 21: bigEndian ? ["powerpc64-linux-gnu"] : ["powerpc64le-linux-gnu"]
        case 22: ["s390x-linux-gnu"]
        default: []
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        let bigEndian: Bool

        func check(_ offset: Int, _ count: Int) throws(ELFError) {
            guard offset >= 0, offset <= bytes.count - count else { throw .truncated(offset: offset) }
        }

        func value(_ offset: Int, _ count: Int) throws(ELFError) -> UInt64 {
            try check(offset, count)
            var result: UInt64 = 0
            for index in 0..<count {
                let byte = UInt64(bytes[offset + (bigEndian ? index : count - 1 - index)])
                result = result << 8 | byte
            }
            return result
        }

        func u16(_ offset: Int) throws(ELFError) -> UInt16 { UInt16(try value(offset, 2)) }
        func u32(_ offset: Int) throws(ELFError) -> UInt32 { UInt32(try value(offset, 4)) }
        func u64(_ offset: Int) throws(ELFError) -> UInt64 { try value(offset, 8) }

        func string(_ offset: Int, limit: Int) throws(ELFError) -> String {
            try check(offset, 1)
            var end = offset
            while end < bytes.count, end - offset < limit, bytes[end] != 0 { end += 1 }
            guard end < bytes.count, bytes[end] == 0 else { throw .truncated(offset: end) }
            return String(decoding: bytes[offset..<end], as: UTF8.self)
        }
    }
}

/// Why ELF headers could not be read.
public enum ELFError: Error, Sendable, Hashable, CustomStringConvertible {
    case notELF
    case truncated(offset: Int)
    case malformed(String)

    public var description: String {
        switch self {
        case .notELF: "not an ELF file"
        case .truncated(let offset): "the ELF headers point past the bytes read (offset \(offset))"
        case .malformed(let reason): "malformed ELF headers: \(reason)"
        }
    }
}
