import ImageAnalysis
import Testing

@Suite("ELF headers")
struct ELFFileTests {
    @Test(
        "interpreter, needed libraries and runpath in every class and byte order",
        arguments: [(true, false), (true, true), (false, false), (false, true)])
    func parse(is64: Bool, bigEndian: Bool) throws {
        let bytes = ELFBuilder.make(
            is64: is64, bigEndian: bigEndian, interpreter: "/lib/ld-linux.so.2", needed: ["libc.so.6", "libz.so.1"],
            runpath: "$ORIGIN/../lib:/opt/lib")
        let elf = try ELFFile(parsing: bytes)
        #expect(elf.elfClass == (is64 ? .elf64 : .elf32))
        #expect(elf.bigEndian == bigEndian)
        #expect(elf.interpreter == "/lib/ld-linux.so.2")
        #expect(elf.needed == ["libc.so.6", "libz.so.1"])
        #expect(elf.runpath == ["$ORIGIN/../lib", "/opt/lib"])
        #expect(!elf.isStatic)
    }

    @Test("a static executable has neither interpreter nor needed libraries")
    func staticExecutable() throws {
        let elf = try ELFFile(parsing: ELFBuilder.make())
        #expect(elf.isStatic)
        #expect(elf.machine == 62)
    }

    @Test("truncated and foreign bytes are errors, not crashes")
    func hostile() {
        let bytes = ELFBuilder.make(interpreter: "/lib/ld.so", needed: ["libc.so"])
        #expect(throws: ELFError.notELF) { try ELFFile(parsing: Array("#!/bin/sh\n".utf8)) }
        #expect(throws: ELFError.self) { try ELFFile(parsing: Array(bytes.prefix(100))) }
        var corrupt = bytes
        corrupt[4] = 9
        #expect(throws: ELFError.self) { try ELFFile(parsing: corrupt) }
        // The program header table pointing far past the end.
        var far = bytes
        for index in 32..<40 { far[index] = 0xff }
        #expect(throws: ELFError.self) { try ELFFile(parsing: far) }
    }
}
