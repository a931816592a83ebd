"""
Reads each input work item of the run and writes an output item for it. Start a run with a payload such as
{"name": "Ada"}: the run's output is {"greeting": "Hello, Ada!"}, and greetings.txt is among its artifacts.
"""
import os

import workitems

artifacts = os.environ.get("ROBOT_ARTIFACTS", "output")
os.makedirs(artifacts, exist_ok=True)

with open(os.path.join(artifacts, "greetings.txt"), "a", encoding="utf-8") as report:
    for item in workitems.inputs():
        name = workitems.payload(item).get("name") or "world"
        greeting = "Hello, %s!" % name
        print(greeting)
        report.write(greeting + "\n")
        workitems.create_output(item, {"greeting": greeting})
        workitems.done(item)
