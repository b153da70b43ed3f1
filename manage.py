#!/usr/bin/env python
"""Django's command line for a checkout; installed from a wheel, the same is `puente …`."""

from puente.__main__ import main

if __name__ == "__main__":
    main()
