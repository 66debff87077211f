"""Security measures that are not about one app: personal data kept out of logs and error
reports, and the second login factor for beheerders. Overview: docs/beveiliging.md."""
