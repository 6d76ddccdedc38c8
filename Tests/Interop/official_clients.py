#!/usr/bin/env python3
"""Drives the simulator with IB's official Python client (ibapi) and with ib_async, for the interop tests.

    official_clients.py ibapi    --port P --client-id N   fetch one week of 1-min AAPL bars, print them as JSON
    official_clients.py ib_async --port P --client-id N   the same through ib_async
    official_clients.py ibapi-connect --port P --client-id N
                                                           connect only; print the error codes received as JSON
    official_clients.py ibapi-ticks --port P --client-id N --start S --end E
                                                           page AAPL's TRADES ticks of [S, E) (epoch seconds) with a
                                                           user's own loop; print them as JSON

Bars are printed as {"bars": [[epoch_seconds, open, high, low, close, volume, wap, count], ...], "serverVersion": V}
with prices as the text the client produced, so the Swift test compares them with its own bars.
"""
import argparse
import json
import sys
import threading
import time

END = "20240105-21:00:00"


def run_ibapi(port, client_id, fetch):
    from ibapi.client import EClient
    from ibapi.contract import Contract
    from ibapi.wrapper import EWrapper

    class App(EWrapper, EClient):
        def __init__(self):
            EWrapper.__init__(self)
            EClient.__init__(self, wrapper=self)
            self.ready = threading.Event()
            self.done = threading.Event()
            self.bars = []
            self.errors = []

        def nextValidId(self, orderId):
            self.ready.set()

        def historicalData(self, reqId, bar):
            self.bars.append([int(bar.date), str(bar.open), str(bar.high), str(bar.low), str(bar.close),
                              str(bar.volume), str(bar.wap), int(bar.barCount)])

        def historicalDataEnd(self, reqId, start, end):
            self.done.set()

        def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
            self.errors.append(errorCode)
            if errorCode not in (2104, 2106, 2158):
                self.done.set()

        def connectionClosed(self):
            self.done.set()

    app = App()
    app.connect("127.0.0.1", port, client_id)
    thread = threading.Thread(target=app.run, daemon=True)
    thread.start()
    if not fetch:
        app.done.wait(5)
        time.sleep(0.2)
        app.disconnect()
        return {"errors": app.errors, "ready": app.ready.is_set()}
    if not app.ready.wait(10):
        raise SystemExit("ibapi: no nextValidId within 10 s; errors %s" % app.errors)
    contract = Contract()
    contract.symbol, contract.secType, contract.exchange, contract.currency = "AAPL", "STK", "SMART", "USD"
    app.reqHistoricalData(1, contract, END, "1 W", "1 min", "TRADES", 1, 2, False, [])
    if not app.done.wait(30):
        raise SystemExit("ibapi: no historicalDataEnd within 30 s")
    version = app.serverVersion()
    app.disconnect()
    return {"bars": app.bars, "serverVersion": version, "errors": app.errors}


def run_ibapi_ticks(port, client_id, start, end):
    """Pages forward as a user of the official client would: 1000 ticks from a start time, then from the second
    after the last tick (IB finishes the last second), until a page comes back short or passes the end."""
    from ibapi.client import EClient
    from ibapi.contract import Contract
    from ibapi.wrapper import EWrapper

    class App(EWrapper, EClient):
        def __init__(self):
            EWrapper.__init__(self)
            EClient.__init__(self, wrapper=self)
            self.ready = threading.Event()
            self.page_done = threading.Event()
            self.page = []
            self.errors = []

        def nextValidId(self, orderId):
            self.ready.set()

        def historicalTicksLast(self, reqId, ticks, done):
            self.page.extend(ticks)
            if done:
                self.page_done.set()

        def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
            if errorCode not in (2104, 2106, 2158):
                self.errors.append([errorCode, errorString])
                self.page_done.set()

    app = App()
    app.connect("127.0.0.1", port, client_id)
    threading.Thread(target=app.run, daemon=True).start()
    if not app.ready.wait(10):
        raise SystemExit("ibapi: no nextValidId within 10 s")
    contract = Contract()
    contract.symbol, contract.secType, contract.exchange, contract.currency = "AAPL", "STK", "SMART", "USD"
    ticks, cursor, request_id, requests = [], start, 100, 0
    while cursor < end:
        app.page, app.page_done = [], threading.Event()
        stamp = time.strftime("%Y%m%d-%H:%M:%S", time.gmtime(cursor))
        app.reqHistoricalTicks(request_id, contract, stamp, "", 1000, "TRADES", 1, False, [])
        requests += 1
        request_id += 1
        if not app.page_done.wait(30) or app.errors:
            raise SystemExit("ibapi: page from %s failed: %s" % (stamp, app.errors))
        page = [tick for tick in app.page if tick.time < end]
        ticks.extend([tick.time, str(tick.price), str(tick.size), tick.exchange] for tick in page)
        if len(app.page) < 1000 or not page or page[-1].time + 1 >= end:
            break
        cursor = page[-1].time + 1
        time.sleep(0.1)  # a polite user's pause; the simulator paces like IB
    app.disconnect()
    return {"ticks": ticks, "requests": requests}


def run_ib_async(port, client_id):
    import datetime
    from ib_async import IB, Stock

    ib = IB()
    ib.connect("127.0.0.1", port, clientId=client_id, readonly=True, timeout=15)
    bars = ib.reqHistoricalData(Stock("AAPL", "SMART", "USD"), endDateTime=END, durationStr="1 W",
                                barSizeSetting="1 min", whatToShow="TRADES", useRTH=True, formatDate=2, timeout=30)
    version = ib.client.serverVersion()
    ib.disconnect()
    rows = []
    for bar in bars:
        moment = bar.date if isinstance(bar.date, datetime.datetime) else datetime.datetime.combine(bar.date, datetime.time())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        rows.append([int(moment.timestamp()), repr(bar.open), repr(bar.high), repr(bar.low), repr(bar.close),
                     str(bar.volume), str(bar.average), int(bar.barCount)])
    return {"bars": rows, "serverVersion": version}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("client", choices=["ibapi", "ib_async", "ibapi-connect", "ibapi-ticks"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", type=int, required=True)
    parser.add_argument("--start", type=int)
    parser.add_argument("--end", type=int)
    args = parser.parse_args()
    if args.client == "ibapi-ticks":
        result = run_ibapi_ticks(args.port, args.client_id, args.start, args.end)
    elif args.client == "ib_async":
        result = run_ib_async(args.port, args.client_id)
    else:
        result = run_ibapi(args.port, args.client_id, fetch=args.client == "ibapi")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
