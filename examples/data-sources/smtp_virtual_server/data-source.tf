# Read a virtual server managed elsewhere, by id (or by name when exactly one has it).
data "smtp_virtual_server" "example" {
  id = smtp_virtual_server.example.id
}

output "edge_listener" {
  value = "${data.smtp_virtual_server.example.bind_address}:${data.smtp_virtual_server.example.port}"
}
