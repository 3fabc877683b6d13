"""``core_webservice_get_site_info`` as Moodle 4.2.3 describes and fills it."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.describe import Multiple, Param, Single, Value, defaulted, optional
from sync_helper.sim.registry import FUNCTIONS, Call, ws_function

INT, RAW, TEXT, BOOL = Value(Param.INT), Value(Param.RAW), Value(Param.TEXT), Value(Param.BOOL)

SITE_INFO = Single(
    {
        "sitename": RAW,
        "username": RAW,
        "firstname": TEXT,
        "lastname": TEXT,
        "fullname": TEXT,
        "lang": RAW,
        "userid": INT,
        "siteurl": RAW,
        "userpictureurl": RAW,
        "functions": Multiple(Single({"name": RAW, "version": TEXT})),
        "downloadfiles": optional(INT),
        "uploadfiles": optional(INT),
        "release": optional(TEXT),
        "version": optional(TEXT),
        "mobilecssurl": optional(RAW),
        "advancedfeatures": optional(Multiple(Single({"name": RAW, "value": INT}))),
        "usercanmanageownfiles": optional(BOOL),
        "userquota": optional(INT),
        "usermaxuploadfilesize": optional(INT),
        "userhomepage": optional(INT),
        "userprivateaccesskey": optional(RAW),
        "siteid": optional(INT),
        "sitecalendartype": optional(RAW),
        "usercalendartype": optional(RAW),
        "userissiteadmin": optional(BOOL),
        "theme": optional(RAW),
        "limitconcurrentlogins": optional(INT),
        "usersessionscount": optional(INT),
    }
)


def picture_url(call: Call, size: str = "f1") -> str:
    """The default user picture served by the theme."""
    site = call.site
    theme, rev = site.setting("theme"), site.setting("themerev")
    return f"{site.setting('wwwroot')}/theme/image.php/{theme}/core/{rev}/u/{size}"


@ws_function(
    "core_webservice_get_site_info",
    "core",
    Single({"serviceshortnames": defaulted(Multiple(Value(Param.ALPHANUMEXT)), [])}),
    SITE_INFO,
)
def get_site_info(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Identity, site facts and the token's service functions with their versions."""
    site, user = call.site, call.user
    service = site.services[call.token.serviceid]
    versions = site.setting("versions", {})
    functions = [
        {"name": name, "version": versions.get(FUNCTIONS[name].component, "")}
        for name in service.functions
        if name in FUNCTIONS
    ]
    quota = (0, -1) if user.siteadmin else (site.setting("userquota"), site.setting("maxbytes"))
    return {
        "sitename": site.setting("sitename"),
        "username": user.username,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "fullname": user.fullname,
        "lang": site.setting("lang", "en"),
        "userid": user.id,
        "siteurl": site.setting("wwwroot"),
        "userpictureurl": picture_url(call),
        "functions": functions,
        "downloadfiles": service.downloadfiles,
        "uploadfiles": service.uploadfiles,
        "release": site.setting("release"),
        "version": site.setting("version"),
        "mobilecssurl": "",
        "advancedfeatures": site.setting("advancedfeatures", []),
        "usercanmanageownfiles": True,
        "userquota": quota[0],
        "usermaxuploadfilesize": quota[1],
        "userhomepage": 1,
        "userprivateaccesskey": user.privatekey,
        "siteid": site.site_course_id,
        "sitecalendartype": "gregorian",
        "usercalendartype": "gregorian",
        "userissiteadmin": user.siteadmin,
        "theme": site.setting("theme"),
        "limitconcurrentlogins": 0,
    }
