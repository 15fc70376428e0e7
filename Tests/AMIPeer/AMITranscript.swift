import FrontDeskIntake

/// app_queue's events as Asterisk 13–22 writes them (caller channel unprefixed, agent
/// channel prefixed `Dest`), trimmed to the fields a reader could trip on.
public enum AMITranscript {
    public static let queue = "frontdesk"

    public static func join(_ id: String, _ number: String, _ name: String, position: Int = 1, queue: String = queue) -> AMIPacket {
        AMIPacket(["Event": "QueueCallerJoin", "Privilege": "agent,all", "Channel": "PJSIP/trunk-0000\(position)",
                   "CallerIDNum": number, "CallerIDName": name, "ConnectedLineNum": "<unknown>",
                   "ConnectedLineName": "<unknown>", "Uniqueid": id, "Linkedid": id,
                   "Queue": queue, "Position": String(position), "Count": String(position)])
    }

    public static func leave(_ id: String) -> AMIPacket {
        AMIPacket(["Event": "QueueCallerLeave", "Privilege": "agent,all", "Uniqueid": id, "Queue": queue,
                   "Position": "1", "Count": "0"])
    }

    public static func called(_ id: String, member: String = "Front 1", interface: String = "PJSIP/201") -> AMIPacket {
        AMIPacket(["Event": "AgentCalled", "Privilege": "agent,all", "Uniqueid": id, "DestUniqueid": "\(id)9",
                   "Queue": queue, "MemberName": member, "Interface": interface])
    }

    public static func ringNoAnswer(_ id: String) -> AMIPacket {
        AMIPacket(["Event": "AgentRingNoAnswer", "Privilege": "agent,all", "Uniqueid": id, "Queue": queue,
                   "MemberName": "Front 2", "Interface": "PJSIP/202", "RingTime": "15"])
    }

    public static func dump(_ id: String) -> AMIPacket {
        AMIPacket(["Event": "AgentDump", "Privilege": "agent,all", "Uniqueid": id, "Queue": queue,
                   "MemberName": "Front 2", "Interface": "PJSIP/202"])
    }

    public static func connect(_ id: String, member: String = "Front 1", interface: String = "PJSIP/201", hold: Int = 12) -> AMIPacket {
        AMIPacket(["Event": "AgentConnect", "Privilege": "agent,all", "Channel": "PJSIP/trunk-00001",
                   "CallerIDNum": "5550100", "Uniqueid": id, "DestChannel": "PJSIP/201-0002",
                   "DestUniqueid": "\(id)9", "Queue": queue, "MemberName": member, "Interface": interface,
                   "HoldTime": String(hold), "RingTime": "4"])
    }

    public static func complete(_ id: String, member: String = "Front 1", hold: Int = 12, talk: Int = 95) -> AMIPacket {
        AMIPacket(["Event": "AgentComplete", "Privilege": "agent,all", "Uniqueid": id, "DestUniqueid": "\(id)9",
                   "Queue": queue, "MemberName": member, "Interface": "PJSIP/201",
                   "HoldTime": String(hold), "TalkTime": String(talk), "Reason": "caller"])
    }

    public static func abandon(_ id: String, hold: Int = 40, queue: String = queue) -> AMIPacket {
        AMIPacket(["Event": "QueueCallerAbandon", "Privilege": "agent,all", "Uniqueid": id, "Queue": queue,
                   "Position": "1", "OriginalPosition": "1", "HoldTime": String(hold)])
    }

    public static func entry(_ id: String, _ number: String, wait: Int, queue: String = queue) -> AMIPacket {
        AMIPacket(["Event": "QueueEntry", "Queue": queue, "Position": "1", "Channel": "PJSIP/trunk-00009",
                   "Uniqueid": id, "CallerIDNum": number, "CallerIDName": "<unknown>", "Wait": String(wait),
                   "Priority": "0"])
    }

    public static func member(_ name: String, interface: String, inCall: Bool) -> AMIPacket {
        AMIPacket(["Event": "QueueMember", "Queue": queue, "Name": name, "Location": interface,
                   "StateInterface": interface, "Membership": "static", "Penalty": "0", "CallsTaken": "3",
                   "Status": inCall ? "2" : "1", "Paused": "0", "InCall": inCall ? "1" : "0"])
    }

    public static let params = AMIPacket(["Event": "QueueParams", "Queue": queue, "Max": "0", "Strategy": "ringall",
                                   "Calls": "0", "Holdtime": "7", "TalkTime": "80", "Completed": "9",
                                   "Abandoned": "2", "ServiceLevel": "30", "ServicelevelPerf": "77.8"])
}
