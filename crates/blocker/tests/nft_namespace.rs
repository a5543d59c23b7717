//! The firewall layer loaded into a real kernel, in a private user and
//! network namespace (`unshare -rn`), so the machine's own ruleset is never
//! touched: new and already-open TCP connections and UDP/443 to a blocked
//! address fail during the block, work once the per-element timeout lifts
//! it, and the table is gone after teardown.

use std::process::Command;
use std::time::Duration;

use deepblock_blocker::nft::{ruleset, teardown};

/// Runs in the namespace: a TCP and a UDP echo on 203.0.113.10, a
/// connection opened before the block, then the checks, one line per stage.
/// The block lasts 8 seconds, long enough for the checks during it, and the
/// probe waits 9 before checking it has lifted by itself.
const PROBE: &str = r#"
import socket, subprocess, sys, threading, time
ADDR = "203.0.113.10"
rules, teardown = sys.argv[1], sys.argv[2]

def tcp_server():
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((ADDR, 8080)); srv.listen()
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=lambda c: [c.sendall(d) for d in iter(lambda: c.recv(100), b"")], args=(conn,), daemon=True).start()

def udp_server():
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); srv.bind((ADDR, 443))
    while True:
        data, peer = srv.recvfrom(100); srv.sendto(data, peer)

threading.Thread(target=tcp_server, daemon=True).start()
threading.Thread(target=udp_server, daemon=True).start()
time.sleep(0.3)

def tcp_new():
    try:
        s = socket.create_connection((ADDR, 8080), timeout=2); s.sendall(b"hi"); ok = s.recv(10) == b"hi"; s.close(); return ok
    except OSError:
        return False

def tcp_open(s):
    try:
        s.sendall(b"hi"); return s.recv(10) == b"hi"
    except OSError:
        return False

def udp443():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2); s.connect((ADDR, 443))
    try:
        s.send(b"hi"); return s.recv(10) == b"hi"
    except OSError:
        return False

opened = socket.create_connection((ADDR, 8080), timeout=2)
print("before", tcp_new(), tcp_open(opened), udp443())
subprocess.run(["nft", "-f", rules], check=True)
print("during", tcp_new(), tcp_open(opened), udp443())
time.sleep(9)
print("after", tcp_new(), udp443())
subprocess.run(["nft", "-f", teardown], check=True)
tables = subprocess.run(["nft", "list", "tables"], capture_output=True, text=True).stdout
print("table", "deepblock" in tables)
"#;

#[test]
#[ignore = "needs root for private mount and network namespaces; scripts/test runs it"]
fn blocked_addresses_are_cut_off_until_their_timeout() {
    let dir = std::env::temp_dir().join(format!("deepblock-nft-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let rules = dir.join("rules.nft");
    let down = dir.join("teardown.nft");
    let probe = dir.join("probe.py");
    let address = "203.0.113.10".parse().expect("address");
    std::fs::write(&rules, ruleset(&[address], Duration::from_secs(8))).expect("write rules");
    std::fs::write(&down, teardown()).expect("write teardown");
    std::fs::write(&probe, PROBE).expect("write probe");
    let script = format!(
        "set -e; ip link set lo up; ip addr add 203.0.113.10/32 dev lo; python3 '{}' '{}' '{}'",
        probe.display(),
        rules.display(),
        down.display()
    );
    let output = Command::new("unshare")
        .args(["-rn", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) with nft and ip (scripts/test installs nftables and iproute2)");
    let _ = std::fs::remove_dir_all(&dir);
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{out}\n{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        ["before True True True", "during False False False", "after True True", "table False",],
        "new TCP, the open TCP connection and UDP/443 must fail during the block only"
    );
}
