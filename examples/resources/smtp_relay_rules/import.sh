# A relay list is imported by its virtual server's id.
terraform import smtp_relay_rules.example Hk3v0cPq9rXz2mT5bLw8
