# A connection list is imported by its virtual server's id.
terraform import smtp_connection_rules.example Hk3v0cPq9rXz2mT5bLw8
