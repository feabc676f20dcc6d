"""The review screens, one module per screen. Views parse input, call one service, render."""
