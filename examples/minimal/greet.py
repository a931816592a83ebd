"""Prints a greeting to the run's console and leaves it as a file among the run's artifacts."""
import os
import platform

greeting = "Hello from a Hangar robot on %s (Python %s)." % (platform.node() or "a worker", platform.python_version())
print(greeting)

# The worker sets ROBOT_ARTIFACTS to the robot.yaml's artifactsDir; what is left there is uploaded after the run.
artifacts = os.environ.get("ROBOT_ARTIFACTS", "output")
os.makedirs(artifacts, exist_ok=True)
with open(os.path.join(artifacts, "greeting.txt"), "w", encoding="utf-8") as report:
    report.write(greeting + "\n")
