#!/usr/bin/env python3
"""Sends a plan of requests with IB's official Python client (ibapi), for the frame-fidelity test.

    ibapi_requests.py --port P --client-id N --plan plan.json

The plan is a JSON list of steps, each {"op": ..., "contract": {...}, ...}: "bars" (reqHistoricalData),
"cancelBars" (reqHistoricalData, then cancelHistoricalData before the answer), "head" (reqHeadTimeStamp, then
cancelHeadTimeStamp once answered), "ticks" (reqHistoricalTicks), "details" (reqContractDetails) and "time"
(reqCurrentTime). Each step waits for its answer (or an error) before the next, so the gateway sees the frames in
plan order. Prints {"answered": [true, ...]} so the test knows every step really ran.
"""
import argparse
import json
import sys
import threading
import time


def run(port, client_id, plan):
    from ibapi.client import EClient
    from ibapi.contract import Contract
    from ibapi.wrapper import EWrapper

    class App(EWrapper, EClient):
        def __init__(self):
            EWrapper.__init__(self)
            EClient.__init__(self, wrapper=self)
            self.ready = threading.Event()
            self.done = threading.Event()

        def nextValidId(self, orderId):
            self.ready.set()

        def historicalDataEnd(self, reqId, start, end):
            self.done.set()

        def headTimestamp(self, reqId, headTimestamp):
            self.done.set()

        def historicalTicks(self, reqId, ticks, done):
            if done:
                self.done.set()

        def historicalTicksBidAsk(self, reqId, ticks, done):
            if done:
                self.done.set()

        def historicalTicksLast(self, reqId, ticks, done):
            if done:
                self.done.set()

        def contractDetailsEnd(self, reqId):
            self.done.set()

        def currentTime(self, time):
            self.done.set()

        def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
            if reqId != -1:
                self.done.set()

    def contract_of(fields):
        contract = Contract()
        for name, value in fields.items():
            if name == "strike":
                value = float(value or 0)
            setattr(contract, name, value)
        return contract

    app = App()
    app.connect("127.0.0.1", port, client_id)
    thread = threading.Thread(target=app.run, daemon=True)
    thread.start()
    if not app.ready.wait(15):
        raise SystemExit("ibapi: no nextValidId within 15 s")
    answered = []
    for number, step in enumerate(plan, start=1):
        app.done.clear()
        op = step["op"]
        contract = contract_of(step.get("contract", {}))
        if op in ("bars", "cancelBars"):
            app.reqHistoricalData(number, contract, step["endDateTime"], step["duration"], step["barSize"],
                                  step["whatToShow"], int(step["useRTH"]), 2, False, [])
            if op == "cancelBars":
                time.sleep(0.3)
                app.cancelHistoricalData(number)
        elif op == "head":
            app.reqHeadTimeStamp(number, contract, step["whatToShow"], int(step["useRTH"]), 2)
        elif op == "ticks":
            app.reqHistoricalTicks(number, contract, step["startDateTime"], step["endDateTime"],
                                   step["numberOfTicks"], step["whatToShow"], int(step["useRTH"]), False, [])
        elif op == "details":
            app.reqContractDetails(number, contract)
        elif op == "time":
            app.reqCurrentTime()
        answered.append(app.done.wait(15))
        if op == "head":
            app.cancelHeadTimeStamp(number)
    time.sleep(0.3)
    app.disconnect()
    return {"answered": answered}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", type=int, required=True)
    parser.add_argument("--plan", required=True)
    args = parser.parse_args()
    with open(args.plan) as plan:
        json.dump(run(args.port, args.client_id, json.load(plan)), sys.stdout)


if __name__ == "__main__":
    main()
