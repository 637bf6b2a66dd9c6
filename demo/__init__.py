"""The demo site: its content as data files (``demo/data/*.yaml``) and the loader behind
``manage.py load_demo``. Development and demonstration only; no other app imports it."""
