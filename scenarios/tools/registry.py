"""The table of scenarios: name -> (builder, cause it exercises)."""

SCENARIOS = {}


def scenario(name, cause):
    def reg(fn):
        if name in SCENARIOS:
            raise ValueError("scenario %s registered twice" % name)
        SCENARIOS[name] = (fn, cause)
        return fn
    return reg
