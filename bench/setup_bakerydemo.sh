#!/bin/sh
# Prepares wagtail/bakerydemo for `bench/pages.py --bakerydemo DIR`, as /work/shared/peers/README.md
# describes it: its main branch, a Python 3.12 virtual environment, requirements/base.txt with Django
# pinned to 5.2, SQLite, migrate, load_initial_data, collectstatic, settings bakerydemo.settings.dev.
#     sh bench/setup_bakerydemo.sh /tmp/bakerydemo [git URL or local mirror]
set -eu
DIR=${1:?usage: setup_bakerydemo.sh DIR [REPOSITORY]}
REPO=${2:-https://github.com/wagtail/bakerydemo.git}
PY=${PYTHON312:-python3.12}
[ -d "$DIR/.git" ] || git clone --quiet "$REPO" "$DIR"
cd "$DIR"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
sed -i 's/^Django>=.*/Django>=5.2,<5.3/' requirements/base.txt
.venv/bin/pip install --quiet -r requirements/base.txt
export DJANGO_SETTINGS_MODULE=bakerydemo.settings.dev
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_initial_data
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
echo "bakerydemo ready in $DIR (commit $(git rev-parse --short HEAD))"
