"""
Start a run with one payload per invoice, e.g. {"invoice": 42, "amount": 100.0}. Each becomes an output with the
amount including 20% tax; an invoice without an amount is failed with a business exception.
"""
import workitems

handled = 0
for item in workitems.inputs():
    invoice = workitems.payload(item)
    if not isinstance(invoice.get("amount"), (int, float)):
        print("invoice %s has no amount" % invoice.get("invoice"))
        workitems.fail(item, "NO_AMOUNT", "invoice %s has no amount" % invoice.get("invoice"))
    else:
        total = round(invoice["amount"] * 1.2, 2)
        workitems.create_output(item, {"invoice": invoice.get("invoice"), "total": total})
        workitems.done(item)
        print("invoice %s: total %.2f" % (invoice.get("invoice"), total))
    handled += 1

print("handled %d invoice(s)" % handled)
