import Foundation
import Testing
import TestSupport
@testable import frontdesk

/// `frontdesk doctor`'s reading of the machine. A real LUKS volume cannot be made on this
/// kernel (no dm_mod), so the dm-crypt detection runs on folders laid out as sysfs lays them
/// out (Documentation/ABI/testing/sysfs-block-dm: dm/name, dm/uuid; slaves/ of a stacked
/// device), and the mount lookup on a mountinfo file in proc(5)'s format.
@Suite("Doctor")
struct DoctorTests {
    func sysfs(_ devices: [String: (uuid: String?, slaves: [String])]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sysfs-\(UUID().uuidString)").path
        for (name, d) in devices {
            let dir = root + "/" + name
            try FileManager.default.createDirectory(atPath: dir + "/slaves", withIntermediateDirectories: true)
            if let uuid = d.uuid {
                try FileManager.default.createDirectory(atPath: dir + "/dm", withIntermediateDirectories: true)
                try (uuid + "\n").write(toFile: dir + "/dm/uuid", atomically: true, encoding: .utf8)
                try (name + "_crypt\n").write(toFile: dir + "/dm/name", atomically: true, encoding: .utf8)
            }
            for s in d.slaves { try "".write(toFile: dir + "/slaves/" + s, atomically: true, encoding: .utf8) }
        }
        return root
    }

    @Test func aLUKSMappingIsFoundDirectlyAndUnderLVM() throws {
        let root = try sysfs([
            "dm-0": ("CRYPT-LUKS2-0b6f6f0c8c0e4f4c9c1a2b3c4d5e6f70-luks", ["vda3"]),
            "dm-1": ("LVM-abcdefXYZ", ["dm-0"]),
            "dm-2": ("LVM-plain", ["vda4"]),
            "vda3": (nil, []), "vda4": (nil, []),
        ])
        #expect(DoctorCommand.cryptMapping(root + "/dm-0", classRoot: root) == "dm-0_crypt")
        #expect(DoctorCommand.cryptMapping(root + "/dm-1", classRoot: root) == "dm-0_crypt")
        #expect(DoctorCommand.cryptMapping(root + "/dm-2", classRoot: root) == nil)
        #expect(DoctorCommand.cryptMapping(root + "/vda4", classRoot: root) == nil)
    }

    @Test func theMountOfAPathIsItsLongestMatchingMountPointOnItsDevice() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mountinfo-\(UUID().uuidString)").path
        try """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        27 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw
        31 27 253:0 / /var/lib/frontdesk rw,relatime - ext4 /dev/mapper/clinic_crypt rw
        32 27 253:0 / /var/lib/frontdesk-old rw,relatime - ext4 /dev/mapper/clinic_crypt rw
        33 27 0:40 / /home/alice/Private rw - ecryptfs /home/alice/.Private rw
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let state = MountTable.entry(device: "253:0", path: "/var/lib/frontdesk/db", mountinfo: file)
        #expect(state?.mountPoint == "/var/lib/frontdesk" && state?.source == "/dev/mapper/clinic_crypt")
        #expect(MountTable.entry(device: "254:1", path: "/srv/x", mountinfo: file)?.mountPoint == "/")
        #expect(MountTable.entry(device: "0:40", path: "/home/alice/Private/db", mountinfo: file)?.fsType == "ecryptfs")
        // A mount point that is only a prefix of the name is not the folder's mount.
        #expect(MountTable.entry(device: "253:0", path: "/var/lib/frontdesk-older", mountinfo: file) == nil)
    }

    @Test func thisMachinesStateFolderIsReportedAsSeen() throws {
        let dir = FileManager.default.temporaryDirectory.path
        let finding = DoctorCommand.encryption(of: dir)
        // Whatever this machine is, the line names the folder and never claims encryption it did not find.
        #expect(finding.detail.contains(dir))
        if finding.verdict == .ok { #expect(finding.detail.contains("dm-crypt") || finding.detail.contains("encrypting filesystem")) }
    }
}
