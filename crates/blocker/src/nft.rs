//! The firewall layer of a focus session: a `table inet deepblock` for
//! nftables, which stops what a hosts file cannot (a DNS cache, DNS over
//! HTTPS, a connection opened before the session). Each address carries
//! the session's remaining time as its own timeout, so the kernel lifts the
//! block on time even if the daemon is gone.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::time::Duration;

/// The table's name, which nothing else on the system uses.
pub const TABLE: &str = "deepblock";

/// An `nft -f` script that replaces the table in one transaction: blocked
/// addresses get TCP resets (new and already-open connections alike) and
/// refused UDP/443 (QUIC), for `remaining` more time.
pub fn ruleset(addresses: &[IpAddr], remaining: Duration) -> String {
    let seconds = remaining.as_secs().max(1);
    let elements = |v4: bool| {
        let listed: Vec<String> = addresses
            .iter()
            .filter(|a| a.is_ipv4() == v4)
            .map(|a| format!("{a} timeout {seconds}s"))
            .collect();
        if listed.is_empty() {
            String::new()
        } else {
            format!("\n\t\telements = {{ {} }}", listed.join(", "))
        }
    };
    let mut script = String::new();
    // Declaring then deleting makes the replacement work whether or not the
    // table exists; nft applies the whole file atomically.
    let _ = writeln!(script, "table inet {TABLE}\ndelete table inet {TABLE}\ntable inet {TABLE} {{");
    let _ =
        writeln!(script, "\tset blocked4 {{\n\t\ttype ipv4_addr\n\t\tflags timeout{}\n\t}}", elements(true));
    let _ =
        writeln!(script, "\tset blocked6 {{\n\t\ttype ipv6_addr\n\t\tflags timeout{}\n\t}}", elements(false));
    let _ = writeln!(
        script,
        "\tchain output {{\n\t\ttype filter hook output priority 0; policy accept;\n\
         \t\tip daddr @blocked4 meta l4proto tcp reject with tcp reset\n\
         \t\tip daddr @blocked4 udp dport 443 reject\n\
         \t\tip6 daddr @blocked6 meta l4proto tcp reject with tcp reset\n\
         \t\tip6 daddr @blocked6 udp dport 443 reject\n\t}}\n}}"
    );
    script
}

/// The `nft -f` script that ends the block: the table goes.
pub fn teardown() -> String {
    format!("table inet {TABLE}\ndelete table inet {TABLE}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_carry_the_remaining_time_and_split_by_family() {
        let addresses: Vec<IpAddr> = vec!["203.0.113.10".parse().unwrap(), "2001:db8::10".parse().unwrap()];
        let script = ruleset(&addresses, Duration::from_secs(1500));
        assert!(script.contains("elements = { 203.0.113.10 timeout 1500s }"), "{script}");
        assert!(script.contains("elements = { 2001:db8::10 timeout 1500s }"), "{script}");
        assert!(script.starts_with("table inet deepblock\ndelete table inet deepblock\n"), "{script}");
        let empty = ruleset(&[], Duration::from_secs(10));
        assert!(!empty.contains("elements"), "{empty}");
    }
}
