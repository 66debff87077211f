"""Demo and test data: a Mechelen-sized OCMW (or a Flanders-sized set) with realistic
leefloon episodes, art. 60 placements, partner trajecten and work spells.

Entry point: ``activering.demo.services.demo_data_create`` (used by ``manage.py demo_data``).
"""
