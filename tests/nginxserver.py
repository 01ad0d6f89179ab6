"""Start Debian's nginx on 127.0.0.1 with the repository's configuration, for tests."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, free_port

sys.path.insert(0, str(ROOT / "scripts"))

from dcg.project import Project  # noqa: E402
from dcg.publish import nginx_config  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"  # Debian: libnginx-mod-http-brotli-static


def available() -> bool:
    return os.path.exists(NGINX)


class Nginx:
    def __init__(self, site: Path, workdir: Path, prefix: str = "/", project_root: Path = ROOT):
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        if prefix != "/":
            webroot = workdir / "www" / prefix.strip("/")
            webroot.parent.mkdir(parents=True, exist_ok=True)
            if not webroot.exists():
                webroot.symlink_to(site.resolve())
            site = webroot
        self.brotli = os.path.exists(BROTLI_MODULE)
        server = nginx_config(Project.load(project_root), site, f"127.0.0.1:{self.port}", prefix, brotli=self.brotli)
        user = "user root;\n" if os.geteuid() == 0 else ""
        load = f"load_module {BROTLI_MODULE};\n" if self.brotli else ""
        conf = (f"{load}{user}daemon off;\nworker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log warn;\n"
                f"events {{ worker_connections 256; }}\nhttp {{\n  access_log off;\n"
                f"  client_body_temp_path {workdir}/body;\n  proxy_temp_path {workdir}/proxy;\n"
                f"  fastcgi_temp_path {workdir}/fastcgi;\n  uwsgi_temp_path {workdir}/uwsgi;\n  scgi_temp_path {workdir}/scgi;\n"
                f"{server}\n}}\n")
        self.conf = workdir / "nginx.conf"
        self.conf.write_text(conf, encoding="utf-8")
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        check = subprocess.run([NGINX, "-t", "-c", str(self.conf), "-p", str(self.workdir)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError("nginx rejected the configuration:\n" + check.stderr)
        self.proc = subprocess.Popen([NGINX, "-c", str(self.conf), "-p", str(self.workdir)], stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("nginx did not start: " + (self.workdir / "error.log").read_text(errors="replace"))

    def reload(self):
        subprocess.run([NGINX, "-s", "reload", "-c", str(self.conf), "-p", str(self.workdir)], check=True)
        time.sleep(0.3)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
