"""Django's manage.py for Puente: `python manage.py …` in a checkout, `puente …` (or
`python -m puente …`) where Puente is installed from a wheel (docs/operations.md)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
