pub mod system_bus;
