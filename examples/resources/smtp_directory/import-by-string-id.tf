# A directory is imported by its id (GET /v1/directories lists them). The bind password is write-only and is
# not imported: the next change of bind_password_wo_version sends bind_password_wo.
import {
  to = smtp_directory.example
  id = "Hx4PqR8sT2vW6yZa1bCd"
}
