/// One entry of a tar stream: a layer's file, directory, link, device or FIFO.
public struct TarEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case regular
        case hardLink
        case symbolicLink
        case characterDevice
        case blockDevice
        case directory
        case fifo
        /// A type flag we do not interpret (kept for accounting).
        case other(UInt8)

        /// The ustar type flag.
        public var typeFlag: UInt8 {
            switch self {
            case .regular: UInt8(ascii: "0")
            case .hardLink: UInt8(ascii: "1")
            case .symbolicLink: UInt8(ascii: "2")
            case .characterDevice: UInt8(ascii: "3")
            case .blockDevice: UInt8(ascii: "4")
            case .directory: UInt8(ascii: "5")
            case .fifo: UInt8(ascii: "6")
            case .other(let flag): flag
            }
        }
    }

    /// The path as stored, without a leading `./` or `/` (layers name paths relative to the root).
    public var path: String
    public var kind: Kind
    /// Bytes of content stored in the archive for this entry (0 for everything but regular files).
    public var size: Int64
    /// Permission bits with setuid (0o4000), setgid (0o2000) and sticky (0o1000).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    public var userName: String?
    public var groupName: String?
    /// The target of a symbolic or hard link.
    public var linkTarget: String?
    /// Seconds since the epoch.
    public var modificationTime: Int64
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    /// Extended attributes from PAX `SCHILY.xattr.` records.
    public var extendedAttributes: [String: [UInt8]]
    /// For a GNU sparse file: its apparent size, holes included (`size` counts the data stored in the archive).
    public var sparseFileSize: Int64?

    public init(
        path: String, kind: Kind, size: Int64 = 0, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0,
        userName: String? = nil, groupName: String? = nil, linkTarget: String? = nil, modificationTime: Int64 = 0,
        deviceMajor: UInt32 = 0, deviceMinor: UInt32 = 0, extendedAttributes: [String: [UInt8]] = [:],
        sparseFileSize: Int64? = nil
    ) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupName = groupName
        self.linkTarget = linkTarget
        self.modificationTime = modificationTime
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.extendedAttributes = extendedAttributes
        self.sparseFileSize = sparseFileSize
    }
}
