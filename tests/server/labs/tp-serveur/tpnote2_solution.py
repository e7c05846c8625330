import math

hotes = math.ceil(40 / 16)  # SOLUTION-MARQUEUR-ETAPE-2
