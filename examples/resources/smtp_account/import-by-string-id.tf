# An account is imported by its id (GET /v1/accounts lists them). The password is write-only and is not
# imported: the next change of password_wo_version sends password_wo.
import {
  to = smtp_account.example
  id = "Qm7YtK2wZp4nB8sV1cXe"
}
