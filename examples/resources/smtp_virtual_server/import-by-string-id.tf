# A virtual server is imported by its id (GET /v1/virtual-servers lists them).
import {
  to = smtp_virtual_server.example
  id = "Hk3v0cPq9rXz2mT5bLw8"
}
