"""What the card's QR code proves offline: its printed facts, signed by the issuer.

The card is what is signed, so the signing lives with the card; the verification app only
publishes what a verifier needs (the public keys, the status list) from here.
"""
