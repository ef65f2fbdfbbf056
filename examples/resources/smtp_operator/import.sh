# An operator is imported by <virtual_server_id>/<operator_id>, or by its id alone (ids are unique across virtual servers).
terraform import smtp_operator.example Hk3v0cPq9rXz2mT5bLw8/Lr2cN6aJ0yWq5uE9dFh3
