#!/usr/bin/env python3
"""The PushT scene in Chipmunk2D 7 (Debian's libchipmunk7) through ctypes, as the baseline for
bench/sim: the same arena, T block, kinematic disk agent, PD control (kp 100, kv 20), 100 Hz
physics, 10 Hz control and space damping 0 as the Diffusion Policy env (which drives Chipmunk
through pymunk). The agent follows the same closed-loop "orbit" controller as bench.ts.

Prints one JSON line: control steps per second (whole loop, and physics calls only) and the
fraction of control steps that end with the agent touching the block.
"""
import ctypes
import json
import math
import sys
import time

LIB = '/usr/lib/x86_64-linux-gnu/libchipmunk.so.7'


class Vect(ctypes.Structure):
    _fields_ = [('x', ctypes.c_double), ('y', ctypes.c_double)]


class Transform(ctypes.Structure):
    _fields_ = [(n, ctypes.c_double) for n in ('a', 'b', 'c', 'd', 'tx', 'ty')]


cp = ctypes.CDLL(LIB)
P = ctypes.c_void_p
D = ctypes.c_double
for name, res, args in [
    ('cpSpaceNew', P, []),
    ('cpSpaceFree', None, [P]),
    ('cpSpaceSetDamping', None, [P, D]),
    ('cpSpaceSetIterations', None, [P, ctypes.c_int]),
    ('cpSpaceGetStaticBody', P, [P]),
    ('cpSpaceAddBody', P, [P, P]),
    ('cpSpaceAddShape', P, [P, P]),
    ('cpSpaceStep', None, [P, D]),
    ('cpBodyNew', P, [D, D]),
    ('cpBodyNewKinematic', P, []),
    ('cpBodySetPosition', None, [P, Vect]),
    ('cpBodyGetPosition', Vect, [P]),
    ('cpBodySetVelocity', None, [P, Vect]),
    ('cpBodyGetVelocity', Vect, [P]),
    ('cpBodySetAngle', None, [P, D]),
    ('cpBodyGetAngle', D, [P]),
    ('cpBodySetCenterOfGravity', None, [P, Vect]),
    ('cpCircleShapeNew', P, [P, D, Vect]),
    ('cpSegmentShapeNew', P, [P, Vect, Vect, D]),
    ('cpPolyShapeNew', P, [P, ctypes.c_int, ctypes.POINTER(Vect), Transform, D]),
    ('cpMomentForPoly', D, [D, ctypes.c_int, ctypes.POINTER(Vect), Vect, D]),
    ('cpShapeSetFriction', None, [P, D]),
]:
    f = getattr(cp, name)
    f.restype = res
    f.argtypes = args

BAR = [(-60, 30), (60, 30), (60, 0), (-60, 0)]
STEM = [(-15, 30), (-15, 120), (15, 120), (15, 30)]
IDENTITY = Transform(1, 0, 0, 1, 0, 0)
# Radius (px) of the circle the agent's target runs round the block's centre of gravity.
ORBIT = 58


def verts(points):
    return (Vect * len(points))(*[Vect(x, y) for x, y in points])


def build(agent, block):
    space = cp.cpSpaceNew()
    cp.cpSpaceSetDamping(space, 0.0)
    static = cp.cpSpaceGetStaticBody(space)
    corners = [(5, 506), (5, 5), (506, 5), (506, 506)]
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        s = cp.cpSpaceAddShape(space, cp.cpSegmentShapeNew(static, Vect(*a), Vect(*b), 2.0))
        cp.cpShapeSetFriction(s, 1.0)
    agent_body = cp.cpSpaceAddBody(space, cp.cpBodyNewKinematic())
    cp.cpBodySetPosition(agent_body, Vect(*agent))
    s = cp.cpSpaceAddShape(space, cp.cpCircleShapeNew(agent_body, 15.0, Vect(0, 0)))
    cp.cpShapeSetFriction(s, 1.0)
    # Mass 1; the reference adds the bar's moment twice and puts the centre of gravity at the
    # mean of the two parts' centroids.
    moment = 2 * cp.cpMomentForPoly(1.0, 4, verts(BAR), Vect(0, 0), 0.0)
    block_body = cp.cpSpaceAddBody(space, cp.cpBodyNew(1.0, moment))
    for part in (BAR, STEM):
        s = cp.cpSpaceAddShape(space, cp.cpPolyShapeNew(block_body, 4, verts(part), IDENTITY, 0.0))
        cp.cpShapeSetFriction(s, 1.0)
    cp.cpBodySetCenterOfGravity(block_body, Vect(0, 45))
    cp.cpBodySetPosition(block_body, Vect(block[0], block[1]))
    cp.cpBodySetAngle(block_body, block[2])
    return space, agent_body, block_body


def touching(agent, bx, by, th):
    """Agent centre within radius + 1 px of either part (the same test bench.ts uses)."""
    c, s = math.cos(th), math.sin(th)
    lx = c * (agent[0] - bx) + s * (agent[1] - by)
    ly = -s * (agent[0] - bx) + c * (agent[1] - by)
    best = 1e9
    for x0, x1, y0, y1 in ((-60, 60, 0, 30), (-15, 15, 30, 120)):
        dx = max(x0 - lx, 0, lx - x1)
        dy = max(y0 - ly, 0, ly - y1)
        best = min(best, math.hypot(dx, dy))
    return best <= 16.0


def run(episodes, steps, count_contacts):
    physics = 0.0
    contacts = 0
    total = 0
    start = time.perf_counter()
    for e in range(episodes):
        agent0 = (256 + 150 * math.cos(e * 1.3), 256 + 150 * math.sin(e * 1.3))
        block0 = (256 + 40 * math.cos(e * 2.1), 256 + 40 * math.sin(e * 2.1), (e * 0.9) % (2 * math.pi))
        space, agent, block = build(agent0, block0)
        for t in range(steps):
            bp = cp.cpBodyGetPosition(block)
            th = cp.cpBodyGetAngle(block)
            comx = bp.x - math.sin(th) * 45
            comy = bp.y + math.cos(th) * 45
            phi = 0.35 * t + e
            tx = min(512.0, max(0.0, comx + ORBIT * math.cos(phi)))
            ty = min(512.0, max(0.0, comy + ORBIT * math.sin(phi)))
            t0 = time.perf_counter()
            for _ in range(10):
                p = cp.cpBodyGetPosition(agent)
                v = cp.cpBodyGetVelocity(agent)
                ax = 100 * (tx - p.x) - 20 * v.x
                ay = 100 * (ty - p.y) - 20 * v.y
                cp.cpBodySetVelocity(agent, Vect(v.x + ax * 0.01, v.y + ay * 0.01))
                cp.cpSpaceStep(space, 0.01)
            physics += time.perf_counter() - t0
            total += 1
            if count_contacts:
                p = cp.cpBodyGetPosition(agent)
                bp = cp.cpBodyGetPosition(block)
                contacts += touching((p.x, p.y), bp.x, bp.y, cp.cpBodyGetAngle(block))
        cp.cpSpaceFree(space)
    elapsed = time.perf_counter() - start
    return total / elapsed, total / physics, contacts / total


def main():
    episodes = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    _, _, contact = run(episodes, steps, True)
    run(2, steps, False)  # warm-up
    loop, physics, _ = run(episodes, steps, False)
    print(json.dumps({'engine': 'chipmunk7', 'steps_per_s': loop, 'physics_steps_per_s': physics, 'contact_fraction': contact}))


if __name__ == '__main__':
    main()
