// The Foundation-free layer (errors, files, the `totp` and `qr` commands) is part of MFAGuardKit's API.
@_exported import MFAGuardEssentials
