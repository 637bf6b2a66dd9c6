"""Operations: backup and restore scripts, and the drills that prove them.

Not a Django app and not collected by pytest (testpaths is tests/): the
drills start their own PostgreSQL cluster and Redis server on their own ports
and run in their own CI step (`make restore-drill`, `make fault-drills`).
"""
