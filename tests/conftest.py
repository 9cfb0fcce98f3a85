def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: retrains models from scratch (seconds each); deselect with -m 'not slow'"
    )
