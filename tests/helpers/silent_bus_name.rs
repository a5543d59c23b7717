//! A focus daemon that hangs: owns `org.deepblock.Focus1` on the bus at the
//! address given and never answers a call (no object server runs on its
//! connection, so calls wait until the caller gives up). Prints `ready`
//! once it owns the name, then waits to be killed.

fn main() {
    let Some(address) = std::env::args().nth(1) else {
        eprintln!("usage: deepblock-silent-bus-name BUS-ADDRESS");
        std::process::exit(1);
    };
    let connection = zbus::blocking::connection::Builder::address(address.as_str())
        .and_then(|builder| builder.build())
        .unwrap_or_else(|e| panic!("cannot connect to {address}: {e}"));
    connection
        .request_name(deepblock_blocker::dbus::BUS_NAME)
        .unwrap_or_else(|e| panic!("cannot own the daemon's name: {e}"));
    println!("ready");
    loop {
        std::thread::park();
    }
}
