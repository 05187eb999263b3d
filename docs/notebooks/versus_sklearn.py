# %% [markdown]
# # versus_sklearn

# %%
import micromlp

print(micromlp.__version__)
