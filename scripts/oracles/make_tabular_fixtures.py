#!/usr/bin/python3
"""Realistic tabular fixtures and scikit-learn's scores on them, stored in test/fixtures/tabular/.

Run: /usr/bin/python3 scripts/oracles/make_tabular_fixtures.py   (Debian's python3-sklearn, python3-pandas)

Files (from a fixed numpy generator, so rerunning gives the same bytes):
  churn-train.csv / churn-test.csv  imbalanced yes/no target in the FIRST column ("churned", about 10 % yes),
                                    an identifier (customer_id), text categories, missing cells (NA, empty, ?)
  houses-train.csv / houses-test.csv  regression (price, last column), text categories, missing cells,
                                    an identifier (listing_id)
  houses-train-eu.csv               houses-train.csv as a European spreadsheet writes it: ";" between
                                    fields, decimal commas, "." between thousands
  houses-test-reordered.csv         houses-test.csv with its columns in another order and an extra column
  sklearn-scores.json               scikit-learn's test scores: ColumnTransformer(
                                      numeric: SimpleImputer(median) + StandardScaler,
                                      text:    SimpleImputer(most_frequent) + OneHotEncoder(handle_unknown="ignore"))
                                    + LogisticRegression() (ROC AUC, accuracy) or LinearRegression() (R²),
                                    fitted on the whole *-train.csv, scored on *-test.csv, identifiers dropped.
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "tabular")
rng = np.random.default_rng(20261206)


def blank_some(values, share, spellings):
    """Replaces a share of the cells with missing-value spellings (as text)."""
    out = [str(v) for v in values]
    for i in range(len(out)):
        if rng.random() < share:
            out[i] = spellings[rng.integers(len(spellings))]
    return out


def churn(n):
    plan = rng.choice(["basic", "standard", "premium"], n, p=[0.5, 0.3, 0.2])
    region = rng.choice(["north", "south", "east", "west"], n)
    contract = rng.choice(["month-to-month", "one-year", "two-year"], n, p=[0.55, 0.25, 0.2])
    tenure = rng.integers(1, 73, n)
    charges = np.round(rng.normal(60, 20, n).clip(15, 130) + (plan == "premium") * 25, 2)
    calls = rng.poisson(1.5, n)
    logit = (-2.2 - 0.04 * tenure + 0.025 * (charges - 60) + 0.45 * calls
             + 1.1 * (contract == "month-to-month") - 0.9 * (contract == "two-year") - 0.4 * (plan == "premium"))
    churned = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return pd.DataFrame({
        "churned": churned,
        "customer_id": [f"C{100000 + i}" for i in rng.permutation(n)],
        "plan": plan,
        "region": blank_some(region, 0.04, ["", "NA"]),
        "contract": contract,
        "tenure_months": blank_some(tenure, 0.05, ["NA", "?"]),
        "monthly_charges": blank_some(charges, 0.03, [""]),
        "support_calls": calls,
    })


def houses(n):
    hood = rng.choice(["Riverside", "Old Town", "Hillcrest", "Lakeview", "Mill Park", "Eastgate"], n)
    hood_premium = {"Riverside": 40000, "Old Town": 65000, "Hillcrest": 90000, "Lakeview": 120000, "Mill Park": 0, "Eastgate": -20000}
    condition = rng.choice(["poor", "fair", "good", "excellent"], n, p=[0.1, 0.3, 0.45, 0.15])
    cond_premium = {"poor": -30000, "fair": -8000, "good": 0, "excellent": 35000}
    sqft = np.round(rng.normal(1700, 450, n).clip(500, 4200))
    bedrooms = np.clip(np.round(sqft / 600 + rng.normal(0, 0.7, n)), 1, 7).astype(int)
    year = rng.integers(1920, 2024, n)
    lot = np.round(rng.lognormal(6.3, 0.4, n), 2)
    garage = rng.choice(["yes", "no"], n, p=[0.7, 0.3])
    price = (60000 + 125 * sqft + 6000 * bedrooms + 700 * (year - 1970) + 45 * lot
             + np.vectorize(hood_premium.get)(hood) + np.vectorize(cond_premium.get)(condition)
             + 18000 * (garage == "yes") + rng.normal(0, 30000, n))
    return pd.DataFrame({
        "listing_id": rng.permutation(n) + 5001,
        "sqft": sqft.astype(int),
        "bedrooms": bedrooms,
        "year_built": blank_some(year, 0.05, ["?", "NA"]),
        "lot_m2": blank_some(lot, 0.04, [""]),
        "neighborhood": hood,
        "condition": blank_some(condition, 0.03, ["NA"]),
        "garage": garage,
        "price": np.round(price).astype(int),
    })


def european(df):
    """';' separated, decimal commas, '.' thousands in price and lot."""
    out = df.copy()
    out["lot_m2"] = [c if c in ("", "NA", "?") else f"{float(c):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") for c in df["lot_m2"]]
    out["price"] = [f"{p:,}".replace(",", ".") for p in df["price"]]
    return out


MISSING = ["", "NA", "?"]


def read(path):
    return pd.read_csv(path, na_values=MISSING, keep_default_na=False)


def score(train_path, test_path, target, drop, task):
    tr, te = read(train_path), read(test_path)
    features = [c for c in tr.columns if c not in (target, *drop)]
    text = [c for c in features if tr[c].dtype == object]
    numeric = [c for c in features if c not in text]
    pre = ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
        ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("onehot", OneHotEncoder(handle_unknown="ignore"))]), text),
    ])
    if task == "regression":
        model = Pipeline([("pre", pre), ("fit", LinearRegression())]).fit(tr[features], tr[target])
        return {"r2": float(r2_score(te[target], model.predict(te[features])))}
    model = Pipeline([("pre", pre), ("fit", LogisticRegression(max_iter=1000))]).fit(tr[features], tr[target])
    proba = model.predict_proba(te[features])[:, list(model.classes_).index("yes")]
    return {
        "roc_auc": float(roc_auc_score(te[target] == "yes", proba)),
        "accuracy": float(accuracy_score(te[target], model.predict(te[features]))),
        "positives_in_test": int((te[target] == "yes").sum()),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    c = churn(2000)
    c.iloc[:1500].to_csv(os.path.join(OUT, "churn-train.csv"), index=False)
    c.iloc[1500:].to_csv(os.path.join(OUT, "churn-test.csv"), index=False)
    h = houses(1500)
    h.iloc[:1200].to_csv(os.path.join(OUT, "houses-train.csv"), index=False)
    h.iloc[1200:].to_csv(os.path.join(OUT, "houses-test.csv"), index=False)
    european(h.iloc[:1200]).to_csv(os.path.join(OUT, "houses-train-eu.csv"), index=False, sep=";")
    test = h.iloc[1200:].copy()
    test["notes"] = rng.choice(["", "corner lot", "new roof", "needs paint"], len(test))
    test[["price", "garage", "notes", "condition", "sqft", "neighborhood", "listing_id", "lot_m2", "year_built", "bedrooms"]].to_csv(
        os.path.join(OUT, "houses-test-reordered.csv"), index=False)
    scores = {
        "sklearn": sklearn.__version__,
        "churn": score(os.path.join(OUT, "churn-train.csv"), os.path.join(OUT, "churn-test.csv"), "churned", ["customer_id"], "classification"),
        "houses": score(os.path.join(OUT, "houses-train.csv"), os.path.join(OUT, "houses-test.csv"), "price", ["listing_id"], "regression"),
    }
    with open(os.path.join(OUT, "sklearn-scores.json"), "w") as f:
        json.dump(scores, f, indent=2)
        f.write("\n")
    print(json.dumps(scores, indent=2))


main()
